import { describe, expect, it } from 'vitest';
import { buildXdmZip, type XdmDocument, type XdmPatient } from '../../../sandbox/seed/xdm';
import { inspectXdm, xdmDocument, xdmHeaders } from '../../../main/xdm';
import { buildTestZip } from './zip-builder';

const patient: XdmPatient = { nom: 'DUPONT', prenom: 'Jeanne', sexe: 'F', naissance: '31/01/1980', ins: '280017512345678' };
const doc: XdmDocument = {
  code: '11502-2',
  label: 'Compte rendu de biologie',
  author: { name: 'Dr Alice MARTIN', idNat: '810001234567', org: 'Cabinet médical Saint-Roch' },
  date: new Date(Date.UTC(2026, 9, 1, 8, 30)),
  lines: ['Hémoglobine : 13,5 g/dL', '<script>alert(1)</script> & co'],
  uniqueId: '1.2.250.1.999.1.42',
};

/** The seeded package, with files replaced or added. */
async function variant(change: (files: Map<string, Buffer>) => void): Promise<Buffer> {
  const { zip } = buildXdmZip(patient, doc);
  const yauzl = await import('../../../main/xdm/safe-zip');
  const files = await yauzl.readZipSafely(zip);
  change(files);
  return buildTestZip([...files].map(([name, data]) => ({ name, data, deflate: true })));
}

describe('XDM package reading', () => {
  it('reads patient, INS and documents from the METADATA.XML of a real package', async () => {
    const { zip } = buildXdmZip(patient, doc);
    const view = await inspectXdm(zip);
    expect(view.patient).toEqual({ name: 'DUPONT Jeanne', birthDate: '1980-01-31', ins: '280017512345678', insQualified: true });
    expect(view.documents).toHaveLength(1);
    expect(view.documents[0]).toMatchObject({ id: '1.2.250.1.999.1.42', title: 'Compte rendu de biologie', typeCode: '11502-2', typeLabel: 'Compte rendu de biologie', mime: 'text/xml', hasPdf: true });
    expect(view.documents[0]!.date).toBe('2026-10-01T08:30:00Z');
    expect(view.warnings).toEqual([]);
  });

  it('computes X-MSS-CODECDA and X-MSS-INS for the composer', async () => {
    const { zip } = buildXdmZip(patient, doc);
    expect(await xdmHeaders(zip)).toEqual({ codeCda: '11502-2', ins: 'O' });
    const notQualified = await variant((files) => {
      const name = 'IHE_XDM/SUBSET01/METADATA.XML';
      const cda = 'IHE_XDM/SUBSET01/DOC0001.XML';
      files.set(name, Buffer.from(files.get(name)!.toString('utf8').replaceAll('1.2.250.1.213.1.4.8', '1.2.250.1.999.9')));
      files.set(cda, Buffer.from(files.get(cda)!.toString('utf8').replaceAll('1.2.250.1.213.1.4.8', '1.2.250.1.999.9')));
    });
    expect(await xdmHeaders(notQualified)).toEqual({ codeCda: '11502-2', ins: 'N' });
    const view = await inspectXdm(notQualified);
    expect(view.patient.insQualified).toBe(false);
    expect(view.warnings.join(' ')).toMatch(/pas un INS qualifié/);
  });

  it('returns the PDF rendering when the package holds one, else an escaped HTML rendering of the CDA', async () => {
    const { zip, pdf } = buildXdmZip(patient, doc);
    const withPdf = await xdmDocument(zip, doc.uniqueId);
    expect(withPdf.mime).toBe('application/pdf');
    expect(Buffer.from(withPdf.dataUrl.split(',')[1]!, 'base64').equals(pdf)).toBe(true);

    const noPdf = await variant((files) => files.delete('IHE_XDM/SUBSET01/DOC0001.PDF'));
    expect((await inspectXdm(noPdf)).documents[0]!.hasPdf).toBe(false);
    const html = await xdmDocument(noPdf, doc.uniqueId);
    expect(html.mime).toBe('text/html');
    const page = Buffer.from(html.dataUrl.split(',')[1]!, 'base64').toString('utf8');
    expect(page).toContain('Hémoglobine : 13,5 g/dL');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(page).not.toContain('<script>');
    expect(page).toContain('DUPONT');
    await expect(xdmDocument(zip, 'unknown')).rejects.toMatchObject({ code: 'xdm.document-not-found' });
  });

  it('gives the CDA rendering itself with `<id>#cda` even when a PDF rendering exists', async () => {
    const { zip } = buildXdmZip(patient, doc);
    const cda = await xdmDocument(zip, `${doc.uniqueId}#cda`);
    expect(cda.mime).toBe('text/html');
    const page = Buffer.from(cda.dataUrl.split(',')[1]!, 'base64').toString('utf8');
    expect(page).toContain('<h1>Compte rendu de biologie</h1>');
    expect(page).toContain('Hémoglobine : 13,5 g/dL');
    expect(page).toContain('280017512345678');
    expect(page).not.toContain('<script>');
    // Without the suffix the same document still opens as its PDF.
    expect((await xdmDocument(zip, doc.uniqueId)).mime).toBe('application/pdf');
    await expect(xdmDocument(zip, 'unknown#cda')).rejects.toMatchObject({ code: 'xdm.document-not-found' });
    // A PDF-only document has no structured data: refused, not shown as its PDF.
    const pdfOnly = await variant((files) => {
      const name = 'IHE_XDM/SUBSET01/METADATA.XML';
      files.set(name, Buffer.from(files.get(name)!.toString('utf8').replace('mimeType="text/xml"', 'mimeType="application/pdf"').replace('DOC0001.XML', 'DOC0001.PDF')));
    });
    const pdfDoc = (await inspectXdm(pdfOnly)).documents[0]!;
    expect(pdfDoc.mime).toBe('application/pdf');
    expect((await xdmDocument(pdfOnly, pdfDoc.id)).mime).toBe('application/pdf');
    await expect(xdmDocument(pdfOnly, `${pdfDoc.id}#cda`)).rejects.toMatchObject({ code: 'xdm.document-not-found' });
  });

  it('does not expand a nested archive', async () => {
    const nested = await variant((files) => files.set('IHE_XDM/SUBSET01/INNER.ZIP', buildTestZip([{ name: '../escape.txt', data: 'x' }])));
    const view = await inspectXdm(nested);
    expect(view.documents).toHaveLength(1);
  });
});

describe('hostile XDM packages are refused in French', () => {
  const meta = (xml: string) => buildTestZip([{ name: 'IHE_XDM/SUBSET01/METADATA.XML', data: xml }]);

  it('zip bomb: abnormal compression ratio', async () => {
    const bomb = buildTestZip([{ name: 'IHE_XDM/SUBSET01/DOC.XML', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }]);
    const err = await inspectXdm(bomb).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'xdm.bomb' });
    expect((err as Error).message).toMatch(/taux de compression anormal/);
  });

  it('lying header: more data than declared', async () => {
    const liar = buildTestZip([{ name: 'IHE_XDM/SUBSET01/METADATA.XML', data: Buffer.alloc(200_000, 0x61), deflate: true, declaredSize: 100 }]);
    await expect(inspectXdm(liar)).rejects.toMatchObject({ code: expect.stringMatching(/^xdm\.(bomb|not-a-zip|too-large)$/) });
  });

  it('total uncompressed size above 50 MB', async () => {
    const big = buildTestZip([
      { name: 'a.bin', data: Buffer.alloc(30 * 1024 * 1024, 1), deflate: false },
      { name: 'b.bin', data: Buffer.alloc(30 * 1024 * 1024, 2), deflate: false },
    ]);
    await expect(inspectXdm(big)).rejects.toMatchObject({ code: 'xdm.too-large' });
  });

  it.each(['../evil.txt', 'IHE_XDM/../../evil.txt', '/etc/passwd', 'C:/Windows/evil.txt', 'IHE_XDM\\SUBSET01\\METADATA.XML'])('path traversal: %s', async (name) => {
    const err = await inspectXdm(buildTestZip([{ name, data: 'x' }])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'xdm.unsafe-path' });
    expect((err as Error).message).toMatch(/chemins de fichiers dangereux/);
  });

  it('too many entries', async () => {
    const many = buildTestZip(Array.from({ length: 600 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    await expect(inspectXdm(many)).rejects.toMatchObject({ code: 'xdm.too-many-entries' });
  });

  it('XXE: external entity in METADATA.XML', async () => {
    const xxe = meta('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><SubmitObjectsRequest>&xxe;</SubmitObjectsRequest>');
    const err = await inspectXdm(xxe).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'xdm.xml-refused' });
    expect((err as Error).message).toMatch(/DOCTYPE ou ENTITY/);
  });

  it('billion laughs', async () => {
    const lol = meta('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>');
    await expect(inspectXdm(lol)).rejects.toMatchObject({ code: 'xdm.xml-refused' });
  });

  it('huge XML', async () => {
    const huge = meta(`<?xml version="1.0"?><SubmitObjectsRequest>${'<a/>'.repeat(3_000_000)}</SubmitObjectsRequest>`);
    await expect(inspectXdm(huge)).rejects.toMatchObject({ code: 'xdm.too-large' });
  });

  it('not a zip, or no METADATA.XML', async () => {
    await expect(inspectXdm(Buffer.from('PK\u0003\u0004 not really'))).rejects.toMatchObject({ code: 'xdm.not-a-zip' });
    await expect(inspectXdm(buildTestZip([{ name: 'README.TXT', data: 'x' }]))).rejects.toMatchObject({ code: 'xdm.no-metadata' });
  });
});
