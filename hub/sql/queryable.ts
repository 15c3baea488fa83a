import type { Kysely } from 'kysely';
import type { CentralSql } from './central-sql.ts';
import type { Tables } from './tables.ts';

/** What a store's function takes: ctx.sql, or the open transaction of a change it is part of. */
export type Queryable = CentralSql | Kysely<Tables>;
export const queryable = (sql: Queryable): Kysely<Tables> => ('selectFrom' in sql ? sql : sql.db);
