import { DEFAULT_OFFICES, type Office } from '../../shared/offices.ts';
import type { Db } from '../../hub/db/open.ts';

/**
 * The 25 default offices written straight into a bare SQLite hub database, synchronously, as a hub's
 * start seeds them (seedDefaultOffices is async, on CentralSql). For tests, benches and scripts that
 * build a database by hand; an existing directory is left as it is.
 */
export function seedOfficesOnSqlite(db: Db): void {
  const { count } = db.prepare('SELECT count(*) AS count FROM office').get() as { count: number };
  if (count > 0) return;
  const insert = db.prepare('INSERT INTO office (id, name, kind, address, position) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => DEFAULT_OFFICES.forEach((o, i) => insert.run(o.id, o.name, o.kind, o.address, i + 1)))();
}

/** One more office at the end of a bare SQLite database's directory (benches that need more than 25). */
export function insertOfficeOnSqlite(db: Db, office: Office): void {
  db.prepare('INSERT INTO office (id, name, kind, address, position) VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM office))').run(office.id, office.name, office.kind, office.address);
}
