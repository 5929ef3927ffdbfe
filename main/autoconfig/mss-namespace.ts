// Namespace handling for the MSSanté extension elements: match on the namespace URI, never on the prefix.
import { attrOf, childrenOf, textOf, type XmlElement } from './xml';

export const MSS_NAMESPACE = 'urn:mssante:clientconfig:1';

/** Namespace scope: which element name prefixes mean the MSSanté namespace here. */
export interface Scope {
  prefixes: Set<string>;
  defaultIsMss: boolean;
}

export function enterScope(el: XmlElement, parent: Scope): Scope {
  const prefixes = new Set(parent.prefixes);
  let defaultIsMss = parent.defaultIsMss;
  for (const [k, v] of Object.entries(el)) {
    if (typeof v !== 'string') continue;
    if (k === '@_xmlns') defaultIsMss = v.trim() === MSS_NAMESPACE;
    else if (k.startsWith('@_xmlns:')) {
      const p = k.slice('@_xmlns:'.length);
      if (v.trim() === MSS_NAMESPACE) prefixes.add(p);
      else prefixes.delete(p);
    }
  }
  return { prefixes, defaultIsMss };
}

/** MSSanté-namespace children called `local`, each with its own scope. */
export function mssChildren(el: XmlElement | undefined, local: string, scope: Scope): Array<{ el: XmlElement; scope: Scope }> {
  if (!el) return [];
  const out: Array<{ el: XmlElement; scope: Scope }> = [];
  for (const p of scope.prefixes) for (const c of childrenOf(el, `${p}:${local}`)) out.push({ el: c, scope: enterScope(c, scope) });
  for (const c of childrenOf(el, local)) {
    const s = enterScope(c, scope);
    if (s.defaultIsMss) out.push({ el: c, scope: s });
  }
  return out;
}

/** An MSSanté value given either as attribute or as a child element's text. */
export function mssValue(el: XmlElement, name: string, scope: Scope): string | undefined {
  return attrOf(el, name) || textOf(mssChildren(el, name, scope)[0]?.el) || undefined;
}

