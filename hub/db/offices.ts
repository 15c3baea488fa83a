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

/**
 * Office hub: the central's directory becomes this hub's, inside the caller's transaction. Ids are
 * never deleted (records and devices name them): an office the central no longer lists is closed.
 */
export function replaceOffices(db: Db, offices: readonly OfficeRow[], now: number): void {
  const upsert = db.prepare(
    `INSERT INTO office (id, name, kind, address, position, closed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address, position = excluded.position, closed_at = excluded.closed_at`,
  );
  const listed = new Set(offices.map((o) => o.id));
  offices.forEach((o, i) => upsert.run(o.id, o.name, o.kind, o.address, i + 1, o.closedAt));
  const close = db.prepare('UPDATE office SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
  for (const o of listOffices(db)) if (!listed.has(o.id)) close.run(now, o.id);
}

/** A new office at the end of the directory; the caller has checked that the id is free. */
export function insertOffice(db: Db, office: Office): void {
  db.prepare('INSERT INTO office (id, name, kind, address, position) VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM office))').run(office.id, office.name, office.kind, office.address);
}

/** Name, kind and address as given (the id never changes). */
export function updateOffice(db: Db, office: Office): void {
  db.prepare('UPDATE office SET name = ?, kind = ?, address = ? WHERE id = ?').run(office.name, office.kind, office.address, office.id);
}

/** Closes (at `closedAt`) or reopens (null) an office; its row and every record naming it stay. */
export function setOfficeClosed(db: Db, id: string, closedAt: number | null): void {
  db.prepare('UPDATE office SET closed_at = ? WHERE id = ?').run(closedAt, id);
}
