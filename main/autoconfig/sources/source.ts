// What every discovery source receives and returns.
import type { KnownOperator } from '../known-operators';
import type { ParsedAddress } from '../policy';
import type { AccountConfig, DiscoveryOptions, SourceId, Warning } from '../types';

export interface SourceContext {
  address: ParsedAddress;
  /** Network options with this source's own signal (timeout + cancellation). */
  opts: DiscoveryOptions;
  knownOperators: KnownOperator[];
}

export interface SourceAnswer {
  config: AccountConfig;
  warnings: Warning[];
  url?: string;
}

export interface Source {
  id: SourceId;
  /** URL shown in the report before the source answers (if any). */
  url?(ctx: SourceContext): string | undefined;
  run(ctx: SourceContext): Promise<SourceAnswer>;
}
