import type { Kysely, Selectable } from 'kysely';
import type { VisitRow as ApiVisitRow } from '../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../shared/ids.ts';
import { visitContentKey, type VisitContent } from '../../shared/mystery-shopper.ts';
import { visitScore } from '../../shared/mystery-shopper-score.ts';
import type { RegisterStore } from '../register/register-store.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { MsVisitTable, Tables } from '../sql/tables.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';
import { criteriaOf, type TemplateRow } from './template-store.ts';
import { openVisitEntry, retoneVisitEntry } from './visit-register.ts';

/**
 * Visits (SQLite migration 0028, PostgreSQL 0014): stored by the id born in the form. The first
 * save opens the visit's register entry in the same transaction; an edit is allowed until the
 * report is approved (the form's revision must still be the visit's, so two analysts do not
 * overwrite each other), and an approved visit is frozen (by the database's trigger too). Scores
 * are computed here, from the template version's weights, with shared/mystery-shopper-score.ts.
 *
 * The register is on CentralSql too: its entry is written through the visit's own transaction
 * (`trx`), so the entry and the visit are committed together or not at all, on both databases, and
 * the register refusing rolls the visit back.
 */
export type VisitDbRow = Selectable<MsVisitTable>;

const findIn = async (db: Kysely<Tables>, id: string): Promise<VisitDbRow | null> => (await db.selectFrom('ms_visit').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

/** The visit, locked until the transaction ends on PostgreSQL (SQLite's transactions run one at a time). */
const lockIn = async (sql: CentralSql, db: Kysely<Tables>, id: string): Promise<VisitDbRow | null> =>
  (await db
    .selectFrom('ms_visit')
    .selectAll()
    .where('id', '=', id)
    .$if(sql.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst()) ?? null;

export const findVisit = (sql: CentralSql, id: string): Promise<VisitDbRow | null> => findIn(sql.db, id);

const scoreOf = (template: TemplateRow, content: VisitContent): number => visitScore(criteriaOf(template), content.marks) ?? 0;

const columns = (content: VisitContent, score: number) => ({
  office_id: content.officeId,
  visited_on: content.visitedOn,
  visited_time: content.visitedTime,
  scenario: content.scenario,
  shopper: content.shopper,
  marks: JSON.stringify(content.marks),
  notes: content.notes,
  conclusions: content.conclusions,
  proposals: content.proposals,
  score,
  body: visitContentKey(content),
});

export type VisitOutcome =
  | { ok: true; status: 'stored' | 'duplicate' | 'updated' | 'unchanged' | 'approved'; row: VisitDbRow }
  | { ok: false; error: 'conflict' | 'not-found' | 'approved' | 'stale' | 'fixed'; reason: string; field?: string };

const heldAnswer = (held: VisitDbRow, content: VisitContent): VisitOutcome =>
  held.body === visitContentKey(content)
    ? { ok: true, status: 'duplicate', row: held }
    : { ok: false, error: 'conflict', reason: 'визит с этим номером уже записан с другим содержимым: чтобы изменить визит, откройте его страницу' };

/** A new visit and its register entry, in one transaction; a resend of the same content is a duplicate. */
export async function createVisit(sql: CentralSql, register: RegisterStore, id: string, content: VisitContent, template: TemplateRow, actor: string, now: number): Promise<VisitOutcome> {
  return sql.transaction(async (trx): Promise<VisitOutcome> => {
    const held = await findIn(trx, id);
    if (held) return heldAnswer(held, content);
    // On PostgreSQL an edit of this template version in place waits for this visit (and then copies
    // it). One that came first has changed what the marks were checked and scored against: refused.
    const standing = await trx.selectFrom('ms_template').select('content_key').where('id', '=', template.id).$if(sql.dialect === 'postgres', (qb) => qb.forShare()).executeTakeFirst();
    if (standing?.content_key !== template.content_key) return { ok: false, error: 'stale', reason: 'анкету визита изменили, пока вы его заполняли: обновите страницу и проверьте оценки' };
    const score = scoreOf(template, content);
    const entryId = newRecordId();
    const stored = await trx
      .insertInto('ms_visit')
      .values({ id, template_id: content.templateId, ...columns(content, score), register_entry_id: entryId, created_by: actor, created_at: now, updated_by: actor, updated_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    // Stored by another request meanwhile (PostgreSQL): answered as its resend, and no second entry.
    if (!stored) return heldAnswer((await findIn(trx, id))!, content);
    await openVisitEntry(register, trx, { visitId: id, officeId: content.officeId, visitedOn: content.visitedOn, visitedTime: content.visitedTime, templateName: template.name, templateVersion: template.version, score, conclusions: content.conclusions, proposals: content.proposals }, actor, now, entryId);
    return { ok: true, status: 'stored', row: stored };
  });
}

/** An edit of a visit not yet approved, against the revision the form was opened on. */
export async function updateVisit(sql: CentralSql, register: RegisterStore, id: string, revision: number, content: VisitContent, template: TemplateRow, actor: string, now: number): Promise<VisitOutcome> {
  return sql.transaction(async (trx): Promise<VisitOutcome> => {
    const held = await lockIn(sql, trx, id);
    if (!held) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    if (held.approved_at !== null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: изменить его нельзя' };
    // The register entry was opened for this office, against this template version: neither moves.
    if (held.template_id !== content.templateId) return { ok: false, error: 'fixed', reason: 'визит оценивается по той версии анкеты, по которой записан', field: 'templateId' };
    if (held.office_id !== content.officeId) return { ok: false, error: 'fixed', reason: 'отдел записанного визита не меняется (по нему открыта запись в реестре)', field: 'officeId' };
    if (held.body === visitContentKey(content)) return { ok: true, status: 'unchanged', row: held };
    if (held.revision !== revision) return { ok: false, error: 'stale', reason: 'визит уже изменён другим сотрудником: обновите страницу, чтобы увидеть его изменения' };
    const score = scoreOf(template, content);
    const row = await trx
      .updateTable('ms_visit')
      .set((eb) => ({ ...columns(content, score), revision: eb('revision', '+', 1), updated_by: actor, updated_at: now }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (held.register_entry_id) await retoneVisitEntry(register, trx, held.register_entry_id, score, actor, now);
    return { ok: true, status: 'updated', row };
  });
}

/** «Отчёт утверждён»: from here on the visit and its files do not change. Approving twice is harmless. */
export async function approveVisit(sql: CentralSql, id: string, actor: string, now: number): Promise<VisitOutcome> {
  return sql.transaction(async (trx): Promise<VisitOutcome> => {
    const held = await lockIn(sql, trx, id);
    if (!held) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    if (held.approved_at !== null) return { ok: true, status: 'approved', row: held };
    const row = await trx.updateTable('ms_visit').set({ approved_by: actor, approved_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { ok: true, status: 'approved', row };
  });
}

export interface VisitFilter {
  from: string;
  to: string;
  officeId?: string | undefined;
  familyId?: string | undefined;
  approvedOnly?: boolean;
}

export type VisitListRow = VisitDbRow & { family_id: string; template_name: string; template_version: number; files: number };

/** The visits with what the list joins in: the template's family, name and version, and the count of files. */
const listQuery = (sql: CentralSql) =>
  sql.db
    .selectFrom('ms_visit as v')
    .innerJoin('ms_template as t', 't.id', 'v.template_id')
    .selectAll('v')
    .select(['t.family_id', 't.name as template_name', 't.version as template_version'])
    .select((eb) =>
      eb
        .selectFrom('ms_attachment as a')
        .select((a) => a.fn.countAll<number>().as('n'))
        .whereRef('a.visit_id', '=', 'v.id')
        .as('files'),
    );

type ListQueryRow = Omit<VisitListRow, 'files'> & { files: number | string | null };
const listRow = (r: ListQueryRow): VisitListRow => ({ ...r, files: Number(r.files ?? 0) });

/** Visits by day visited (both ends included) in the user's offices, newest first (a visit without its time after that day's timed ones). */
export async function listVisits(sql: CentralSql, filter: VisitFilter, scope: OfficeScope): Promise<VisitListRow[]> {
  if (scope.officeIds !== 'all' && scope.officeIds.length === 0) return [];
  const officeIds = scope.officeIds;
  const rows = await listQuery(sql)
    .where('v.visited_on', '>=', filter.from)
    .where('v.visited_on', '<=', filter.to)
    .$if(officeIds !== 'all', (qb) => qb.where('v.office_id', 'in', officeIds as readonly string[]))
    .$if(filter.officeId !== undefined && filter.officeId !== '', (qb) => qb.where('v.office_id', '=', filter.officeId!))
    .$if(filter.familyId !== undefined && filter.familyId !== '', (qb) => qb.where('t.family_id', '=', filter.familyId!))
    .$if(filter.approvedOnly === true, (qb) => qb.where('v.approved_at', 'is not', null))
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.visited_time', (ob) => ob.desc().nullsLast())
    .orderBy('v.id', 'desc')
    .execute();
  return rows.map(listRow);
}

export function visitRowView(row: VisitListRow, officeName: (id: string) => string): ApiVisitRow {
  return {
    id: row.id,
    templateId: row.template_id,
    familyId: row.family_id,
    templateName: row.template_name,
    templateVersion: row.template_version,
    officeId: row.office_id,
    officeName: officeName(row.office_id),
    visitedOn: row.visited_on,
    visitedTime: row.visited_time,
    score: row.score,
    state: row.approved_at === null ? 'draft' : 'approved',
    attachments: row.files,
  };
}

/** One visit with what the list joins in. */
export async function findVisitListRow(sql: CentralSql, id: string): Promise<VisitListRow | null> {
  const row = await listQuery(sql).where('v.id', '=', id).executeTakeFirst();
  return row ? listRow(row) : null;
}
