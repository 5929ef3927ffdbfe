import { migration001 } from './001-initial';
import { migration002 } from './002-sync-queues';
import { migration003 } from './003-audit-rights';
import { migration004 } from './004-archive';
import { migration005 } from './005-archive-raw';
import { migration006 } from './006-thread-index';
import { migration007 } from './007-fts-short-prefixes';
import { migration008 } from './008-sent-date';
import { migration009 } from './009-send-tables';
import { migration010 } from './010-index-queue';
import { migration011 } from './011-part-state';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every migration, in order. Append only: never edit a migration that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011];
export const LATEST_VERSION = MIGRATIONS.length;
