// Versioned migrations tracked with PRAGMA user_version; each one runs in its own transaction.
import type { Db } from './db';
import { MigrationError, SchemaTooNewError } from './errors';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to `target` (default: latest). Returns the versions applied.
 * Migrations run in order, one transaction each, so a failure leaves the previous version intact.
 */
export function migrate(db: Db, target?: number, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const latest = migrations.length;
  const goal = target ?? latest;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > latest) throw new SchemaTooNewError(current, latest);
  if (goal < current) throw new Error(`cannot migrate down from ${current} to ${goal}`);
  const applied: number[] = [];
  for (const m of migrations.slice(current, goal)) {
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      throw new MigrationError(m.version, m.name, e);
    }
    applied.push(m.version);
  }
  return applied;
}
