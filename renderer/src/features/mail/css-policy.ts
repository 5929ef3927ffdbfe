// CSS of a message (style attributes and <style> blocks), made safe to keep (pure: unit tested without a
// DOM). The message frame's own CSP already refuses every load except data: images; this keeps the count of
// blocked remote images right, swaps allowed images in, and removes what could break out of a <style>.
import { type ImageSources, resolveImageUrl } from './sanitize-policy';

const MAX_CSS_CHARS = 256 * 1024;
const URL_RE = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

export interface SafeCss {
  css: string;
  /** Remote image references removed because remote images are not allowed. */
  blocked: number;
}

export function sanitizeCss(input: string, sources: ImageSources): SafeCss {
  let blocked = 0;
  let css = input.length > MAX_CSS_CHARS ? input.slice(0, MAX_CSS_CHARS) : input;
  css = css
    .replace(/\0/g, '')
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    // Escapes could spell a function name the rules below would not see (\75rl( is url().
    .replace(/\\[0-9a-f]{1,6}\s?/gi, '')
    .replace(/\\/g, '')
    // A '<' is never needed in CSS and could close the <style> element when the HTML is serialized.
    .replace(/</g, '')
    .replace(/@import[^;\n]*(;|\n|$)/gi, '')
    .replace(/(-webkit-)?image-set\([^)]*\)/gi, 'none')
    .replace(/expression\s*\(|-moz-binding|behavior\s*:/gi, '');
  const kept: string[] = [];
  css = css.replace(URL_RE, (_m, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
    const r = resolveImageUrl(dq ?? sq ?? bare ?? '', sources);
    if (r.blocked) blocked++;
    if (!r.value) return 'none';
    kept.push(r.value);
    return `\0${kept.length - 1}\0`;
  });
  css = css
    // Whatever url( is left was malformed (unbalanced quotes...): it must not reach the frame half-parsed.
    .replace(/url\s*\(/gi, 'invalid(')
    // Remote addresses left in strings or unknown functions are of no use to a message's look.
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"();]*/gi, '')
    .replace(/\0(\d+)\0/g, (_m, k: string) => `url("${kept[Number(k)]}")`);
  return { css, blocked };
}
