import { describe, expect, it } from 'vitest';
import { extractRemoteUrls, srcsetUrls } from '../../../main/mail/remote-urls';
import { checkUrlAllowed, isAllowedImageType, isPrivateAddress } from '../../../main/mail/remote-images';

describe('remote image URLs of a message', () => {
  it('finds src, srcset, background and CSS url(), decoding entities and protocol-relative URLs', () => {
    const html = `
      <img src="https://a.example/1.png?x=1&amp;y=2">
      <img src='http://b.example/2.gif' srcset="https://c.example/3.png 1x, //d.example/4.png 2x">
      <table background=https://e.example/bg.jpg><tr><td style="background:url('https://f.example/f.png')">x</td></tr></table>
      <p style="background-image: url(&quot;https://g.example/g.png&quot;)">y</p><style>body{background:url(https://h.example/h.jpg)}</style>
      <img src="cid:part1@x"><img src="data:image/png;base64,AAAA"><a href="https://link.example/">lien</a>`;
    expect(extractRemoteUrls(html).sort()).toEqual([
      'http://b.example/2.gif', 'https://a.example/1.png?x=1&y=2', 'https://c.example/3.png', 'https://d.example/4.png',
      'https://e.example/bg.jpg', 'https://f.example/f.png', 'https://g.example/g.png', 'https://h.example/h.jpg',
    ]);
  });
  it('ignores links and local references', () => {
    expect(extractRemoteUrls('<a href="https://x.example">x</a><img src="cid:1">')).toEqual([]);
    expect(extractRemoteUrls(null)).toEqual([]);
  });
  it('splits srcset', () => {
    expect(srcsetUrls('a.png 1x,  b.png 2x ,c.png')).toEqual(['a.png', 'b.png', 'c.png']);
  });
});

describe('remote image fetch policy', () => {
  it('allows https only, http only in test mode, never credentials in URLs', () => {
    expect(checkUrlAllowed('https://a.example/x.png', { allowInsecureForTests: false })).not.toBeNull();
    expect(checkUrlAllowed('http://a.example/x.png', { allowInsecureForTests: false })).toBeNull();
    expect(checkUrlAllowed('http://a.example/x.png', { allowInsecureForTests: true })).not.toBeNull();
    expect(checkUrlAllowed('https://user:pw@a.example/x.png', { allowInsecureForTests: false })).toBeNull();
    expect(checkUrlAllowed('file:///etc/passwd', { allowInsecureForTests: true })).toBeNull();
  });
  it('refuses private and loopback addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.16.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2a00:1450:4007::1')).toBe(false);
  });
  it('accepts raster image types only', () => {
    expect(isAllowedImageType('image/png; charset=binary')).toBe('image/png');
    expect(isAllowedImageType('image/svg+xml')).toBeNull();
    expect(isAllowedImageType('text/html')).toBeNull();
    expect(isAllowedImageType(null)).toBeNull();
  });
});
