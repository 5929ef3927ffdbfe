import { describe, expect, it } from 'vitest';
import { sanitizeCss } from '../../../renderer/src/features/mail/css-policy';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const none = { remote: null, cid: {} };

describe('message CSS policy', () => {
  it('keeps ordinary styling', () => {
    const css = 'p.titre { color: #c00; font-weight: bold } td > b { padding: 4px }';
    expect(sanitizeCss(css, none)).toEqual({ css, blocked: 0 });
  });

  it('removes remote images (counted), keeps data: images, swaps allowed and inline ones', () => {
    const r = sanitizeCss(`a{background:url(https://t.example/p.gif)} b{background-image:url('${PNG}')} c{background:url("cid:logo@x")}`, none);
    expect(r.blocked).toBe(1);
    expect(r.css).toContain('a{background:none}');
    expect(r.css).toContain(`url("${PNG}")`);
    expect(r.css).toContain('c{background:none}');
    const allowed = sanitizeCss('a{background:url(https://t.example/p.gif)} c{background:url(cid:LOGO@x)}', {
      remote: { 'https://t.example/p.gif': PNG },
      cid: { 'logo@x': PNG },
    });
    expect(allowed).toEqual({ css: `a{background:url("${PNG}")} c{background:url("${PNG}")}`, blocked: 0 });
  });

  it('drops @import, image-set, escapes, legacy script hooks and anything that closes the style element', () => {
    const hostile = [
      '@import url(https://evil.example/x.css);',
      "@import 'https://evil.example/y.css'",
      'a{background:image-set("https://evil.example/1.png" 1x)}',
      'b{background:\\75rl(https://evil.example/2.png)}',
      'c{width:expression(alert(1));-moz-binding:url(x.xml#y);behavior:url(x.htc)}',
      '</style><script>alert(1)</script>',
      'd{background:url(https://evil.example/3.png',
      '/* url(https://evil.example/4.png) */',
    ].join('\n');
    const { css } = sanitizeCss(hostile, none);
    expect(css).not.toMatch(/evil\.example|@import|<|\\|expression\(|binding|behavior|url\(/i);
  });

  it('bounds its work on huge input', () => {
    const { css } = sanitizeCss('a{color:red}'.repeat(100_000), none);
    expect(css.length).toBeLessThanOrEqual(256 * 1024);
  });
});
