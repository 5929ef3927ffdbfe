// The sanitizer's URL policy (DOMPurify itself runs in the browser: see test/e2e/mail.spec.ts).
import { describe, expect, it } from 'vitest';
import {
  FORBID_ATTR, FORBID_TAGS, cidKey, isAllowedLink, parseSrcset, resolveImageUrl, resolveSrcset, wrapForFrame,
} from '../../../renderer/src/features/mail/sanitize-policy';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const none = { remote: null, cid: {} };

describe('image URLs in message HTML', () => {
  it('blocks remote images until the user allows them', () => {
    expect(resolveImageUrl('https://tracker.example/p.gif', none)).toEqual({ value: null, blocked: true });
    expect(resolveImageUrl('//tracker.example/p.gif', none)).toEqual({ value: null, blocked: true });
    expect(resolveImageUrl('http://x.example/a.png', none)).toEqual({ value: null, blocked: true });
  });
  it('substitutes the data URLs main fetched (protocol-relative URLs count as https)', () => {
    const remote = { 'https://x.example/a.png': PNG };
    expect(resolveImageUrl('https://x.example/a.png', { remote, cid: {} })).toEqual({ value: PNG, blocked: false });
    expect(resolveImageUrl('//x.example/a.png', { remote, cid: {} })).toEqual({ value: PNG, blocked: false });
    expect(resolveImageUrl('https://x.example/other.png', { remote, cid: {} })).toEqual({ value: null, blocked: true });
  });
  it('keeps inline data images, resolves cid:, drops every other scheme', () => {
    expect(resolveImageUrl(PNG, none).value).toBe(PNG);
    expect(resolveImageUrl('data:image/svg+xml;base64,PHN2Zz4=', none)).toEqual({ value: null, blocked: false });
    expect(resolveImageUrl('data:text/html,<script>', none).value).toBeNull();
    expect(resolveImageUrl('cid:Logo@Cabinet', { remote: null, cid: { 'logo@cabinet': PNG } }).value).toBe(PNG);
    expect(resolveImageUrl('file:///etc/passwd', none)).toEqual({ value: null, blocked: false });
    expect(resolveImageUrl('javascript:alert(1)', none).value).toBeNull();
    expect(cidKey('cid:%3Cimg1@x%3E')).toBe('img1@x');
  });
  it('filters srcset candidates', () => {
    expect(resolveSrcset(`https://a.example/1.png 1x, ${PNG} 2x`, none)).toEqual({ value: `${PNG} 2x`, blocked: 1 });
    expect(resolveSrcset('https://a.example/1.png 1x', none)).toEqual({ value: null, blocked: 1 });
  });
});

describe('sanitizer policy', () => {
  it('forbids active content, forms, frames and external CSS (inline CSS goes through css-policy)', () => {
    for (const tag of ['script', 'link', 'form', 'input', 'iframe', 'object', 'embed', 'base', 'meta', 'svg']) {
      expect(FORBID_TAGS).toContain(tag);
    }
    for (const attr of ['srcdoc', 'action', 'formaction', 'ping']) expect(FORBID_ATTR).toContain(attr);
    expect(FORBID_TAGS).not.toContain('style');
    expect(FORBID_ATTR).not.toContain('style');
  });
  it('keeps only readable link schemes', () => {
    expect(isAllowedLink('https://ameli.fr')).toBe(true);
    expect(isAllowedLink('mailto:a@b.fr')).toBe(true);
    expect(isAllowedLink('javascript:alert(1)')).toBe(false);
    expect(isAllowedLink('file:///C:/x')).toBe(false);
  });
  it('wraps the body in a standards-mode document with the base look before the message CSS', () => {
    const doc = wrapForFrame('<style>p{color:red}</style><p>Bonjour</p>', 'fr');
    expect(doc.startsWith('<!doctype html>')).toBe(true);
    expect(doc).toContain('<html lang="fr">');
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(doc.indexOf('<style>html{')).toBeLessThan(doc.indexOf('<style>p{color:red}'));
  });
});

describe('srcset parsing', () => {
  it('keeps commas inside URLs and descriptors apart', () => {
    expect(parseSrcset(`${PNG} 2x, https://a.example/x,y.png 1x,https://b.example/z.png`)).toEqual([
      { url: PNG, descriptor: '2x' },
      { url: 'https://a.example/x,y.png', descriptor: '1x' },
      { url: 'https://b.example/z.png', descriptor: '' },
    ]);
  });
});
