// The PDFs of the preview e2e (test/corpus/pdf-active.ts) are really active: pdf.js itself finds their
// document, named, page-open and form-field scripts. So "no script ran" in the reader means the preview
// kept them from running, not that there was nothing to run.
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDF_SCRIPT_MARK, activePdf } from '../../corpus/pdf-active';

describe('active PDF fixture', () => {
  it('carries scripts pdf.js would hand to a scripting viewer, and one page with text', async () => {
    const bytes = activePdf('http://127.0.0.1:9', 'Compte rendu opératoire', ['Patient : ROUSSEL Marc']);
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes), enableXfa: false, useWasm: false, verbosity: 0 });
    const doc = await task.promise;
    try {
      expect(doc.numPages).toBe(1);
      const docJs = (await doc.getJSActions()) as Map<string, string[]> | null;
      expect([...(docJs?.keys() ?? [])].sort()).toEqual(['OpenAction', 'init']);
      expect(docJs?.get('OpenAction')?.[0]).toContain(`app.alert("${PDF_SCRIPT_MARK}`);
      expect(docJs?.get('OpenAction')?.[0]).toContain('submitForm');
      const page = await doc.getPage(1);
      const pageJs = (await page.getJSActions()) as Map<string, string[]> | null;
      expect(pageJs?.get('PageOpen')?.[0]).toContain('app.launchURL');
      const [field] = await page.getAnnotations();
      expect(field?.subtype).toBe('Widget');
      expect([...((field?.actions as Map<string, string[]> | undefined)?.keys() ?? [])].sort()).toEqual(['Calculate', 'Focus', 'Keystroke']);
      const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
      expect(text).toContain('Centre hospitalier de Blois');
    } finally {
      await task.destroy();
    }
  });
});
