import { queryable as regionalDb, type Queryable as RegionalSql } from '../sql/queryable.ts';

/**
 * The central's revisions of the regional configuration, and what each office hub says it holds.
 * A revision is written in the transaction of the change it counts (see regional-change.ts), so a
 * saved change always has a revision newer than any snapshot cut before it, and a failed one none.
 * On CentralSql (hub/sql/): pass the open transaction inside a change, ctx.sql elsewhere.
 */
export interface Revision {
  revision: number;
  changedAt: number;
  actor: string;
  what: string;
}

export interface OfficeConfigReport {
  officeId: string;
  revision: number;
  reportedAt: number;
}

export async function currentRevision(sql: RegionalSql): Promise<Revision | null> {
  const row = await regionalDb(sql).selectFrom('config_revision').select(['revision', 'changed_at', 'actor', 'what']).orderBy('revision', 'desc').limit(1).executeTakeFirst();
  return row ? { revision: row.revision, changedAt: row.changed_at, actor: row.actor, what: row.what } : null;
}


/**
 * A new revision, the newest + 1; call inside the transaction of the change, after regionalTurn (hub/sql/turns.ts).
 * Without the turn, two changes at once on PostgreSQL would compute the same number: the second
 * one's insert would fail on the primary key and its whole change roll back.
 */
export async function bumpRevision(sql: RegionalSql, change: { actor: string; what: string; now: number }): Promise<number> {
  const next = ((await currentRevision(sql))?.revision ?? 0) + 1;
  await regionalDb(sql).insertInto('config_revision').values({ revision: next, changed_at: change.now, actor: change.actor, what: change.what.slice(0, 300) }).execute();
  return next;
}

/** When `revision` stopped being the newest: the time of the first one after it, null while it is the newest. */
export async function supersededAt(sql: RegionalSql, revision: number): Promise<number | null> {
  const row = await regionalDb(sql).selectFrom('config_revision').select('changed_at').where('revision', '>', revision).orderBy('revision').limit(1).executeTakeFirst();
  return row?.changed_at ?? null;
}

export async function recordOfficeReport(sql: RegionalSql, officeId: string, revision: number, now: number): Promise<void> {
  await regionalDb(sql)
    .insertInto('office_config_report')
    .values({ office_id: officeId, revision, reported_at: now })
    .onConflict((oc) => oc.column('office_id').doUpdateSet((eb) => ({ revision: eb.ref('excluded.revision'), reported_at: eb.ref('excluded.reported_at') })))
    .execute();
}

export async function listOfficeReports(sql: RegionalSql): Promise<Map<string, OfficeConfigReport>> {
  const rows = await regionalDb(sql).selectFrom('office_config_report').select(['office_id', 'revision', 'reported_at']).execute();
  return new Map(rows.map((r) => [r.office_id, { officeId: r.office_id, revision: r.revision, reportedAt: r.reported_at }]));
}
