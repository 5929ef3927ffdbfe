// Minimal one-page PDF (Helvetica, WinAnsi text) for attachment fixtures.
function pdfString(s: string): Buffer {
  // WinAnsi ≈ Latin-1 for French letters; escape PDF string delimiters
  const escaped = s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[’]/g, "'").replace(/[–—]/g, '-');
  return Buffer.from(`(${escaped})`, 'latin1');
}

export function buildPdf(title: string, lines: string[]): Buffer {
  const content: Buffer[] = [Buffer.from('BT\n/F1 16 Tf\n50 790 Td\n'), pdfString(title), Buffer.from(' Tj\n/F1 11 Tf\n0 -28 Td\n14 TL\n')];
  for (const l of lines) content.push(pdfString(l), Buffer.from(" '\n"));
  content.push(Buffer.from('ET\n'));
  const stream = Buffer.concat(content);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>'),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`), stream, Buffer.from('\nendstream')]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  objects.forEach((o, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    offsets.push(pos);
    parts.push(chunk);
    pos += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`));
  return Buffer.concat(parts);
}
