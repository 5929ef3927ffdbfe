// Thunderbird's clientConfig placeholders.
import type { ParsedAddress } from './policy';

export function expandPlaceholders(value: string, a: ParsedAddress, encode = false): string {
  const enc = encode ? encodeURIComponent : (s: string) => s;
  return value
    .replaceAll('%EMAILADDRESS%', enc(a.address))
    .replaceAll('%EMAILLOCALPART%', enc(a.localPart))
    .replaceAll('%EMAILDOMAIN%', enc(a.domain));
}
