import { DEFAULT_OFFICES, type Office } from '../../shared/offices.ts';
import type { Db } from './open.ts';

export interface OfficeRow extends Office {
  closedAt: number | null;
}

/** Fills the directory with the 25 default offices on a new database; an existing directory is the admin's. */
export function seedDefaultOffices(db: Db): number {
  const { count } = db.prepare('SELECT count(*) AS count FROM office').get() as { count: number };
  if (count > 0) return 0;
  const insert = db.prepare('INSERT INTO office (id, name, kind, address, position) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => DEFAULT_OFFICES.forEach((o, i) => insert.run(o.id, o.name, o.kind, o.address, i + 1)))();
  return DEFAULT_OFFICES.length;
}

export function listOffices(db: Db): OfficeRow[] {
  return (db.prepare('SELECT id, name, kind, address, closed_at FROM office ORDER BY position').all() as {
    id: string;
    name: string;
    kind: Office['kind'];
    address: string;
    closed_at: number | null;
  }[]).map((r) => ({ id: r.id, name: r.name, kind: r.kind, address: r.address, closedAt: r.closed_at }));
}

export function findOffice(db: Db, id: string): OfficeRow | null {
  return listOffices(db).find((o) => o.id === id) ?? null;
}
