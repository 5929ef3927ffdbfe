import { simpleParser } from 'mailparser';
const o = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true };
for (const n of [500, 1000, 2000, 10000, 50000]) {
  const raw = Buffer.from(`Subject: x\r\nContent-Type: text/html\r\n\r\n${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`);
  for (const skip of [false, true]) {
    const t = Date.now();
    const r = await simpleParser(raw, { ...o, skipHtmlToText: skip }).then((p) => `ok text=${p.text?.length}`, (e) => `err ${e.message}`);
    console.log(n, skip, Date.now() - t, 'ms', r);
  }
}
const big = Buffer.from(`Subject: x\r\nContent-Type: text/html\r\n\r\n${'<p>bonjour docteur</p>'.repeat(100000)}`);
let t = Date.now(); await simpleParser(big, o); console.log('flat 2.2MB', Date.now()-t);
