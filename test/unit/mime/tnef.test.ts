// Issue 20 point 6: winmail.dat (TNEF) unpacked into its attachments and its body.
import { describe, expect, it } from 'vitest';
import { readTnef } from '../../../main/mime/tnef';
import { decompressRtf, rtfRead } from '../../../main/mime/rtf';
import { parseRawMessage } from '../../../main/sync/body-parser';
import { buildWinmailDat, compressRtf, outlookWinmail, TNEF_FILES, TNEF_HTML } from '../../corpus/tnef';

describe('compressed RTF (MS-OXRTFCP)', () => {
  it('decompresses the specification example', () => {
    const spec = Buffer.from('2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c0900206277' + '05b06c647d0a800fa0', 'hex');
    expect(decompressRtf(spec)!.toString('latin1')).toBe('{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n');
  });

  it('reads back what an LZFu compressor with back-references wrote', () => {
    const rtf = Buffer.from(`{\\rtf1\\ansi ${'répétition répétition '.repeat(40)}}`, 'latin1');
    const c = compressRtf(rtf);
    expect(c.length).toBeLessThan(rtf.length / 2);
    expect(decompressRtf(c)!.equals(rtf)).toBe(true);
  });

  it('takes the HTML out of \\fromhtml1 RTF and the text out of plain RTF', () => {
    expect(rtfRead('{\\rtf1\\fromhtml1{\\*\\htmltag1 <p>}\\htmlrtf {\\b \\htmlrtf0 caf\\\'e9 \\u8364?\\htmlrtf }\\htmlrtf0 {\\*\\htmltag1 </p>}}').html).toBe('<p>café €</p>');
    expect(rtfRead('{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard R\\\'e9sultat\\par normal}').text).toBe('Résultat\nnormal');
  });
});

describe('TNEF reader', () => {
  it('gives the files with their long names, types and content, and the HTML body', () => {
    const t = readTnef(buildWinmailDat({ html: TNEF_HTML, files: TNEF_FILES }))!;
    expect(t.damaged).toBe(false);
    expect(t.attachments.map((a) => [a.filename, a.mime, a.data.toString('latin1')])).toEqual(TNEF_FILES.map((f) => [f.name, f.mime ?? null, f.data.toString('latin1')]));
    expect(t.html).toBe(`<html><body>${TNEF_HTML}</body></html>`);
  });

  it('a cut winmail.dat keeps what came before the cut, marked damaged; not TNEF → null', () => {
    const full = buildWinmailDat({ html: TNEF_HTML, files: TNEF_FILES });
    const cut = readTnef(full.subarray(0, full.length - 40))!;
    expect(cut.damaged).toBe(true);
    expect(cut.attachments[0]!.filename).toBe(TNEF_FILES[0]!.name);
    expect(readTnef(Buffer.from('not tnef at all'))).toBeNull();
    for (let n = 0; n < full.length; n += 37) expect(() => readTnef(full.subarray(0, n))).not.toThrow();
  });

  it('an Outlook message: winmail.dat replaced by its files, its HTML as the body', async () => {
    const p = await parseRawMessage(outlookWinmail.raw);
    expect(p.html).toContain(outlookWinmail.bodyText);
    expect(p.attachments.map((a) => ({ filename: a.filename, mime: a.mime, damaged: a.damaged }))).toEqual(outlookWinmail.attachments!.map((a) => ({ filename: a.filename, mime: a.mime, damaged: false })));
    expect(p.attachments[0]!.data.equals(TNEF_FILES[0]!.data)).toBe(true);
    expect(p.attachments.map((a) => a.part)).toEqual(['att:tnef:2:1', 'att:tnef:2:2']);
  });
});
