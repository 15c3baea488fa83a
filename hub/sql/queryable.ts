import type { Kysely } from 'kysely';
import type { CentralSql } from './central-sql.ts';
import type { Tables } from './tables.ts';

/** What a store's function takes: ctx.sql, or the open transaction of a change it is part of. */
export type Queryable = CentralSql | Kysely<Tables>;
export const queryable = (sql: Queryable): Kysely<Tables> => ('selectFrom' in sql ? sql : sql.db);

/**
 * Runs `body` in a transaction: its own one given ctx.sql, or, given the open transaction of a
 * change it is part of, in that one (so a check and the write it guards are never split).
 */
export const inTransaction = <T>(sql: Queryable, body: (db: Kysely<Tables>) => Promise<T>): Promise<T> => ('selectFrom' in sql ? body(sql) : sql.transaction(body));
