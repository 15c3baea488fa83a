import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedOfficesOnSqlite } from './office-rows.ts';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { DEFAULT_SERVICES } from '../../hub/db/services.ts';
import { loadKnownAnswerFixture } from './known-answer-fixture.ts';

/** A real hub database in a temp dir, with the 25 offices and the known-answer fixture. For tests. */
export function fixtureDatabase(): { db: Db; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  const { db } = openDatabase(path.join(dir, 'hub.sqlite'));
  seedOfficesOnSqlite(db);
  // The default service list, as a hub's start seeds it (seedDefaultServices is async, on CentralSql).
  const service = db.prepare('INSERT INTO service (id, name, position, active) VALUES (?, ?, ?, 1)');
  DEFAULT_SERVICES.forEach((s, i) => service.run(s.id, s.name, i + 1));
  loadKnownAnswerFixture(db);
  return { db, dir };
}
