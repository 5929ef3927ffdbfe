// v3: functional audit trail (append-only, enforced by triggers) and the rights known offline.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'audit-rights',
  up(db) {
    db.exec(`
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        idnat TEXT NOT NULL,
        bal TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        result TEXT NOT NULL CHECK (result IN ('ok','error','denied')),
        detail TEXT
      );
      CREATE INDEX audit_at ON audit(at);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'audit is append-only');
      END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
        SELECT RAISE(ABORT, 'audit is append-only');
      END;
      -- INSERT OR REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is off).
      CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN EXISTS (SELECT 1 FROM audit WHERE id = new.id) BEGIN
        SELECT RAISE(ABORT, 'audit is append-only');
      END;

      CREATE TABLE rights (
        idnat TEXT NOT NULL,
        bal TEXT NOT NULL COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('titulaire','cotitulaire','délégataire')),
        confirmed_at INTEGER NOT NULL,
        PRIMARY KEY (idnat, bal)
      );
    `);
  },
};
