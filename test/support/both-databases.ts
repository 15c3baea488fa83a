import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { migratePostgres } from '../../hub/central-pg/migrate.ts';
import { sqlOverPostgres, sqlOverSqlite, type CentralSql } from '../../hub/sql/central-sql.ts';
import { sharedPostgresDatabase } from './shared-postgres.ts';
import { makeTempDir } from './temp-dirs.ts';

/**
 * The contract tests of the stores written once for both databases (hub/sql/): every such store's
 * test runs on a fresh hub SQLite file and on a fresh PostgreSQL database, each migrated by its own
 * migrations, through `describe.each(BOTH_DATABASES)`. What differs between the two is then only
 * what the migrations made, and a difference shows as a failing test on one of them.
 */
export interface DatabaseUnderTest {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated database; `close` ends what was opened. */
  open(): Promise<OpenedDatabase>;
}

export interface OpenedDatabase {
  sql: CentralSql;
  /** The SQLite file's own handle (SQLite only): for the receive path's tables, written by each database's own statements. */
  sqlite?: Db;
  close(): Promise<void>;
}

export const BOTH_DATABASES: readonly DatabaseUnderTest[] = [
  {
    name: 'sqlite',
    async open() {
      const { db } = openDatabase(path.join(makeTempDir('both-db-'), 'hub.sqlite'));
      const sql = sqlOverSqlite(db);
      return {
        sql,
        sqlite: db,
        async close() {
          await sql.close();
          db.close();
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const url = await sharedPostgresDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await migratePostgres(client);
      } finally {
        await client.end();
      }
      const sql = sqlOverPostgres(url);
      return { sql, close: () => sql.close() };
    },
  },
];

/**
 * Opens `database` before the tests of the enclosing describe block and closes it after them;
 * `use` receives its CentralSql once open (`let sql!: CentralSql; openForSuite(database, (s) => (sql = s));`),
 * and the whole OpenedDatabase (its SQLite handle, for the receive path's tables).
 */
export function openForSuite(database: DatabaseUnderTest, use: (sql: CentralSql, opened: OpenedDatabase) => void): void {
  let opened: OpenedDatabase | undefined;
  beforeAll(async () => {
    opened = await database.open();
    use(opened.sql, opened);
  });
  afterAll(async () => {
    await opened?.close();
  });
}
