import type { Db } from '../db';

export interface Migration {
  /** Schema version this migration produces (1, 2, 3, ... without gaps). */
  version: number;
  name: string;
  /** Runs inside a transaction opened by the migrator; must not commit or change user_version itself. */
  up(db: Db): void;
}
