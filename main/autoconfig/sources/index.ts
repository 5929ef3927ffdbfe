import { autoconfigSubdomainSource } from './autoconfig-subdomain';
import { dnsSrvSource } from './dns-srv';
import { explicitUrlSource } from './explicit-url';
import { knownOperatorsSource } from './known-operators';
import type { Source } from './source';
import { wellKnownSource } from './well-known';

/** In priority order. */
export const SOURCES_IN_ORDER: Source[] = [explicitUrlSource, autoconfigSubdomainSource, wellKnownSource, dnsSrvSource, knownOperatorsSource];
export type { Source, SourceAnswer, SourceContext } from './source';
