// The one HTML policy of outgoing mail (shared/outgoing-html.ts): the composer applies it (after DOMPurify
// has parsed a paste, configured from the same lists) and main applies it again before building, saving or
// sending. Main must give back exactly what the composer produced: the policy applied to its own output
// changes nothing, on formatting and on hostile input alike.
import { describe, expect, it } from 'vitest';
import { OUTGOING_PURIFY_CONFIG, OUTGOING_TAGS, sanitizeOutgoingHtml } from '../../../shared/outgoing-html';
import { htmlToText } from '../../../shared/html-text';

const CASES: Array<[string, string]> = [
  ['<p onclick="x()">Bonjour <b>Dr</b><script>alert(1)</script><img src="https://tracker/x.png" onerror="y()"><a href="javascript:z()">lien</a><a href="https://ans.fr">ANS</a></p><style>p{}</style>',
    '<p>Bonjour <b>Dr</b><img><a rel="noopener noreferrer">lien</a><a href="https://ans.fr" rel="noopener noreferrer">ANS</a></p>'],
  ['<div class="mss-signature foreign">Le secrétariat</div>', '<div class="mss-signature">Le secrétariat</div>'],
  ['<p class="MsoNormal" style="color:red">Collé de Word</p>', '<p>Collé de Word</p>'],
  ['<a href="  JaVa\nScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
  ['<a href="http://exemple.fr">x</a><a href="mailto:a@b.fr">m</a><a href="#s">s</a>', '<a rel="noopener noreferrer">x</a><a href="mailto:a@b.fr" rel="noopener noreferrer">m</a><a href="#s" rel="noopener noreferrer">s</a>'],
  ['<img src="cid:logo@x" alt="Logo"><img src="data:image/png;base64,AAAA"><img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img src="cid:logo@x" alt="Logo"><img src="data:image/png;base64,AAAA"><img>'],
  ['<table><tr><td colspan="2" onmouseover="x">a</td></tr></table>', '<table><tr><td colspan="2">a</td></tr></table>'],
  ['<p title="a>b">x</p>', '<p>x</p>'],
  ['a < b &amp; c > d &nbsp;&eacute; &#60;script&#62;', 'a &lt; b &amp; c &gt; d \u00a0é &lt;script&gt;'],
  ['<!-- commentaire --><![CDATA[x]]><!doctype html><p>t</p>', '<p>t</p>'],
  ['<svg><a href="https://x.fr">dans svg</a></svg><math><mi>x</mi></math>après', 'après'],
  ['<script>non fermé <p>tout est retiré', ''],
  ['<iframe src="https://x"></iframe><form><input value="x"></form><textarea>t</textarea>ok', 'ok'],
  ['<p><a href="https://a.fr" target="_blank" rel="opener">x</a></p>', '<p><a href="https://a.fr" rel="noopener noreferrer">x</a></p>'],
  ['<blockquote cite="javascript:x" type="cite" class="mss-quote"><p>Cité</p></blockquote>', '<blockquote type="cite" class="mss-quote"><p>Cité</p></blockquote>'],
  ['<ol type="a" start="3" onclick="x"><li>un</li></ol>', '<ol type="a" start="3"><li>un</li></ol>'],
  ['<font color="red" face="Comic">x</font><center>y</center>', '<font color="red">x</font>y'],
  ['<a href=https://nu.fr/x?a=1&amp;b=2>nu</a>', '<a href="https://nu.fr/x?a=1&amp;b=2" rel="noopener noreferrer">nu</a>'],
  ['<p>un <unknown-tag x="1">deux</unknown-tag></p><br/><hr>', '<p>un deux</p><br><hr>'],
];

describe('outgoing HTML policy (composer and main)', () => {
  it('keeps formatting and the composer markers, drops scripts, styles, handlers, remote resources and other schemes', () => {
    for (const [input, expected] of CASES) expect(sanitizeOutgoingHtml(input), input).toBe(expected);
  });

  it('applied to its own output changes nothing: main gives back exactly what the composer sent', () => {
    const inputs = [...CASES.map(([i]) => i), ...CASES.map(([, o]) => o), '<p>Version <b>1</b> &lt;du&gt; compte rendu</p>', '<a title="&quot;cité&quot;" href="https://a.fr/?q=&quot;x&quot;">q</a>'];
    for (const input of inputs) {
      const once = sanitizeOutgoingHtml(input);
      expect(sanitizeOutgoingHtml(once), input).toBe(once);
    }
  });

  it('never lets an element, an attribute or a scheme through that the policy does not name', () => {
    const hostile = '<p><img src=x onerror=alert(1)><a href="vbscript:x">v</a><a href="data:text/html,x">d</a><base href="https://x"><link rel="stylesheet" href="https://x"><meta http-equiv="refresh"><object data="x"></object><p style="background:url(https://x)">s</p>';
    const out = sanitizeOutgoingHtml(hostile);
    expect(out).not.toMatch(/on\w+=|style=|vbscript|data:text|<base|<link|<meta|<object|src="x"/i);
    for (const tag of out.match(/<\/?([a-z0-9]+)/g) ?? []) expect(OUTGOING_TAGS).toContain(tag.replace(/[</]/g, ''));
  });

  it('reads pathological input in one pass: what the input cuts is dropped with the rest, as a browser does', () => {
    expect(sanitizeOutgoingHtml('avant ' + '<a title="'.repeat(20_000) + '<!--'.repeat(20_000) + 'x'.repeat(100_000))).toBe('avant ');
    expect(sanitizeOutgoingHtml('a' + '<!--x-->'.repeat(50_000) + '<b>b</b>' + '<'.repeat(50_000))).toBe('a<b>b</b>' + '&lt;'.repeat(50_000));
    expect(sanitizeOutgoingHtml('<p>ok</p><style>' + 'p{}'.repeat(50_000))).toBe('<p>ok</p>');
  });

  it('tells DOMPurify the same lists', () => {
    expect(OUTGOING_PURIFY_CONFIG.ALLOWED_TAGS).toEqual([...OUTGOING_TAGS]);
    expect(OUTGOING_PURIFY_CONFIG.ALLOWED_ATTR).toEqual(expect.arrayContaining(['href', 'src', 'class', 'colspan']));
    expect(OUTGOING_PURIFY_CONFIG.ALLOWED_URI_REGEXP.test('javascript:x')).toBe(false);
  });

  it('the text alternative comes from the same module on both sides', () => {
    expect(htmlToText(sanitizeOutgoingHtml(CASES[0]![0]))).toBe('Bonjour DrlienANS (https://ans.fr)');
    expect(htmlToText('<p>Un</p><p>Deux &amp; trois</p>')).toBe('Un\nDeux & trois');
  });
});
