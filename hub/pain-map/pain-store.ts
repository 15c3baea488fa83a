import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { EvidenceInput, MeasureInput, MeasurePatch, PainInput, PainPatch } from '../../shared/api/pain-map.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { Db } from '../db/open.ts';
import { registerEntryExists } from '../db/register-rows.ts';
import type { ReportScope } from '../reports/scope.ts';
import type { RecordSource } from '../records/record-source.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { MeasureTable, PainEvidenceTable, PainTable, Tables } from '../sql/tables.ts';
import { measureProblem } from './measure-rules.ts';

/**
 * The pain map's tables (SQLite migration 0023, PostgreSQL 0013): pains, their evidence and their
 * measures. Rows in, rows out; what a pain or a measure means to people is said by pain-map-view.ts.
 * The same statements run on the hub's SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts).
 */
export type PainRow = Selectable<PainTable>;
export type EvidenceRow = Selectable<PainEvidenceTable>;
export type MeasureRow = Selectable<MeasureTable>;

/** Region-wide rows (office NULL) are everyone's; an office-bound user sees their offices' too. */
const inScope =
  (scope: ReportScope) =>
  <TB extends 'pain' | 'measure'>(eb: ExpressionBuilder<Tables, TB>): Expression<SqlBool> => {
    if (scope.officeIds === 'all') return eb.lit(true);
    const office = sql.ref<string | null>('office_id');
    return scope.officeIds.length === 0 ? eb(office, 'is', null) : eb.or([eb(office, 'is', null), eb(office, 'in', [...scope.officeIds])]);
  };

export async function createPain(central: CentralSql, input: PainInput, actor: string, now: number): Promise<string> {
  const id = newRecordId();
  await central.db
    .insertInto('pain')
    .values({
      id,
      quarter: input.quarter,
      process: input.process,
      office_id: input.officeId,
      title: input.title,
      description: input.description,
      priority: input.priority,
      topic_id: input.topicId,
      status: 'open',
      created_by: actor,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Only the fields the patch names (not undefined) are written, and updated_at. */
export async function patchPain(central: Queryable, id: string, patch: PainPatch, now: number): Promise<boolean> {
  const result = await queryable(central)
    .updateTable('pain')
    .set({ ...painColumns(patch), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export type PainChange = { ok: true } | { ok: false; reason: 'not-found' | 'other-office' };

/**
 * A pain's patch with its office checked against its measures' in the same transaction, the pain
 * held (FOR UPDATE on PostgreSQL; SQLite runs it alone): a measure added meanwhile (addMeasure)
 * waits, so a pain never ends in one office with a measure of another.
 */
export async function changePain(central: CentralSql, id: string, patch: PainPatch, now: number): Promise<PainChange> {
  return central.transaction(async (trx): Promise<PainChange> => {
    const pain = await trx.selectFrom('pain').select(['id']).where('id', '=', id).$if(central.dialect === 'postgres', (qb) => qb.forUpdate()).executeTakeFirst();
    if (!pain) return { ok: false, reason: 'not-found' };
    if (patch.officeId && (await measureOffices(trx, id)).some((o) => o !== patch.officeId)) return { ok: false, reason: 'other-office' };
    await patchPain(trx, id, patch, now);
    return { ok: true };
  });
}

export type MeasureAdded = { ok: true; id: string } | { ok: false; reason: 'not-found' | 'other-office' };

/**
 * A new measure of a pain, in the pain's office: a pain of one office is answered in that office,
 * a region-wide pain's measure may name any (none: the pain's). The pain shared for the
 * transaction, so its office cannot change meanwhile (changePain).
 */
export async function addMeasure(central: CentralSql, painId: string, input: MeasureInput, actor: string, now: number): Promise<MeasureAdded> {
  return central.transaction(async (trx): Promise<MeasureAdded> => {
    const pain = await trx.selectFrom('pain').select(['office_id']).where('id', '=', painId).$if(central.dialect === 'postgres', (qb) => qb.forShare()).executeTakeFirst();
    if (!pain) return { ok: false, reason: 'not-found' };
    if (pain.office_id !== null && input.officeId !== null && input.officeId !== pain.office_id) return { ok: false, reason: 'other-office' };
    return { ok: true, id: await createMeasure(trx, painId, { ...input, officeId: input.officeId ?? pain.office_id }, actor, now) };
  });
}

export async function addEvidence(central: CentralSql, painId: string, input: EvidenceInput, actor: string, now: number): Promise<number> {
  const row = await central.db
    .insertInto('pain_evidence')
    .values({ pain_id: painId, kind: input.kind, ref: input.ref, text: input.text, added_by: actor, added_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createMeasure(central: Queryable, painId: string, input: MeasureInput, actor: string, now: number): Promise<string> {
  const id = newRecordId();
  await queryable(central)
    .insertInto('measure')
    .values({
      id,
      pain_id: painId,
      office_id: input.officeId,
      text: input.text,
      owner: input.owner,
      due_on: input.dueOn,
      started_on: input.startedOn,
      status: 'planned',
      target: input.target,
      created_by: actor,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Writes the patch as it is, unchecked (the tests prove the table's own checks with it); the routes use changeMeasure. */
export async function patchMeasure(central: CentralSql, id: string, patch: MeasurePatch, now: number): Promise<boolean> {
  return writeMeasure(central.db, id, patch, now);
}

async function writeMeasure(db: Kysely<Tables>, id: string, patch: MeasurePatch, now: number): Promise<boolean> {
  const result = await db
    .updateTable('measure')
    .set({ ...measureColumns(patch), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export type MeasureChange = { ok: true } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'invalid'; problem: string };

/**
 * A measure's patch checked against the row as it stands when written (measure-rules.ts), in one
 * transaction that holds the row (FOR UPDATE on PostgreSQL; SQLite runs it alone): two edits at
 * once each check what the other left, so neither breaks the dates' rules (before, the second
 * could hit the table's check, answered 503, or store a start after its deadline).
 */
export async function changeMeasure(central: CentralSql, id: string, patch: MeasurePatch, today: string, now: number): Promise<MeasureChange> {
  return central.transaction(async (trx): Promise<MeasureChange> => {
    const row = await trx.selectFrom('measure').selectAll().where('id', '=', id).$if(central.dialect === 'postgres', (qb) => qb.forUpdate()).executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' };
    const status = patch.status ?? row.status;
    // Done means a date it was done; anything else has none.
    const doneOn = status === 'done' ? (patch.doneOn ?? row.done_on) : null;
    const problem = measureProblem({ startedOn: patch.startedOn ?? row.started_on, dueOn: patch.dueOn ?? row.due_on, status, doneOn }, today);
    if (problem) return { ok: false, reason: 'invalid', problem };
    await writeMeasure(trx, id, { ...patch, doneOn }, now);
    return { ok: true };
  });
}

export async function reviewMeasure(central: CentralSql, id: string, review: string, actor: string, now: number): Promise<boolean> {
  const result = await central.db.updateTable('measure').set({ review, reviewed_by: actor, reviewed_at: now, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export const findPain = async (central: CentralSql, id: string): Promise<PainRow | null> => (await central.db.selectFrom('pain').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
export const findMeasure = async (central: CentralSql, id: string): Promise<MeasureRow | null> => (await central.db.selectFrom('measure').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

/**
 * A quarter's pains in scope, high priority first, then oldest first; their evidence in the order
 * added; their measures in scope by deadline. Ties go by id (UUIDv7: the order they were made in).
 */
export async function listPains(central: CentralSql, quarter: string, scope: ReportScope): Promise<{ pains: PainRow[]; evidence: EvidenceRow[]; measures: MeasureRow[] }> {
  const pains = await central.db
    .selectFrom('pain')
    .selectAll()
    .where('quarter', '=', quarter)
    .where(inScope(scope))
    .orderBy((eb) => eb.case().when('priority', '=', 'high').then(0).when('priority', '=', 'medium').then(1).else(2).end())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (pains.length === 0) return { pains, evidence: [], measures: [] };
  const ids = pains.map((p) => p.id);
  const evidence = await central.db.selectFrom('pain_evidence').selectAll().where('pain_id', 'in', ids).orderBy('id').execute();
  const measures = await central.db.selectFrom('measure').selectAll().where('pain_id', 'in', ids).where(inScope(scope)).orderBy('due_on').orderBy('created_at').orderBy('id').execute();
  return { pains, evidence, measures };
}

/** Measures past their date and not done or cancelled, in every quarter, oldest date first. */
export async function overdueMeasures(central: CentralSql, today: string, scope: ReportScope): Promise<MeasureRow[]> {
  return central.db
    .selectFrom('measure')
    .selectAll()
    .where('status', 'in', ['planned', 'in-progress'])
    .where('due_on', '<', today)
    .where(inScope(scope))
    .orderBy('due_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The offices of a pain's measures, NULL (region-wide) left out. */
export async function measureOffices(central: Queryable, painId: string): Promise<string[]> {
  const rows = await queryable(central).selectFrom('measure').select('office_id').distinct().where('pain_id', '=', painId).where('office_id', 'is not', null).orderBy('office_id').execute();
  return rows.flatMap((r) => (r.office_id === null ? [] : [r.office_id]));
}

/**
 * Whether a piece of evidence names something the central holds: a client's answer (where the
 * responses are: SQLite, or the central's PostgreSQL) or a register entry (asked of the register's
 * own module). Touches none of the pain map's tables.
 */
export async function evidenceExists(central: CentralSql, records: RecordSource, kind: 'comment' | 'register-entry', ref: string): Promise<boolean> {
  if (kind === 'comment') return (await records.findResponse(ref)) !== null;
  return registerEntryExists(central, ref);
}

/** The patch's named fields (undefined left out) under their column names. */
function painColumns(p: PainPatch): Updateable<PainTable> {
  const set: Updateable<PainTable> = {};
  if (p.quarter !== undefined) set.quarter = p.quarter;
  if (p.process !== undefined) set.process = p.process;
  if (p.officeId !== undefined) set.office_id = p.officeId;
  if (p.title !== undefined) set.title = p.title;
  if (p.description !== undefined) set.description = p.description;
  if (p.priority !== undefined) set.priority = p.priority;
  if (p.topicId !== undefined) set.topic_id = p.topicId;
  if (p.status !== undefined) set.status = p.status;
  return set;
}

function measureColumns(p: MeasurePatch): Updateable<MeasureTable> {
  const set: Updateable<MeasureTable> = {};
  if (p.text !== undefined) set.text = p.text;
  if (p.owner !== undefined) set.owner = p.owner;
  if (p.dueOn !== undefined) set.due_on = p.dueOn;
  if (p.startedOn !== undefined) set.started_on = p.startedOn;
  if (p.target !== undefined) set.target = p.target;
  if (p.status !== undefined) set.status = p.status;
  if (p.doneOn !== undefined) set.done_on = p.doneOn;
  return set;
}
