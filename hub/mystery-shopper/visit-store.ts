import type { VisitRow as ApiVisitRow } from '../../shared/api/mystery-shopper.ts';
import { visitContentKey, type VisitContent } from '../../shared/mystery-shopper.ts';
import { visitScore } from '../../shared/mystery-shopper-score.ts';
import type { Db } from '../db/open.ts';
import type { RegisterStore } from '../register/register-store.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';
import { criteriaOf, type TemplateRow } from './template-store.ts';
import { openVisitEntry, retoneVisitEntry } from './visit-register.ts';

/**
 * Visits (migration 0028): stored by the id born in the form. The first save opens the visit's
 * register entry in the same transaction; an edit is allowed until the report is approved (the
 * form's revision must still be the visit's, so two analysts do not overwrite each other), and an
 * approved visit is frozen (by the database's trigger too). Scores are computed here, from the
 * template version's weights, with shared/mystery-shopper-score.ts.
 */
export interface VisitDbRow {
  id: string;
  template_id: string;
  office_id: string;
  visited_on: string;
  visited_time: string | null;
  scenario: string;
  shopper: string;
  marks: string;
  notes: string;
  conclusions: string;
  proposals: string;
  score: number;
  body: string;
  revision: number;
  register_entry_id: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  approved_by: string | null;
  approved_at: number | null;
}

export const findVisit = (db: Db, id: string): VisitDbRow | null => (db.prepare('SELECT * FROM ms_visit WHERE id = ?').get(id) as VisitDbRow | undefined) ?? null;

const scoreOf = (template: TemplateRow, content: VisitContent): number => visitScore(criteriaOf(template), content.marks) ?? 0;

const columns = (content: VisitContent, score: number) => ({
  templateId: content.templateId,
  officeId: content.officeId,
  visitedOn: content.visitedOn,
  visitedTime: content.visitedTime,
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

/** A new visit and its register entry, in one transaction; a resend of the same content is a duplicate. */
export function createVisit(db: Db, register: RegisterStore, id: string, content: VisitContent, template: TemplateRow, actor: string, now: number): VisitOutcome {
  return db.transaction((): VisitOutcome => {
    const held = findVisit(db, id);
    if (held) return held.body === visitContentKey(content) ? { ok: true, status: 'duplicate', row: held } : { ok: false, error: 'conflict', reason: 'визит с этим номером уже записан с другим содержимым: чтобы изменить визит, откройте его страницу' };
    const score = scoreOf(template, content);
    db.prepare(
      `INSERT INTO ms_visit (id, template_id, office_id, visited_on, visited_time, scenario, shopper, marks, notes, conclusions, proposals, score, body, created_by, created_at, updated_by, updated_at)
       VALUES (@id, @templateId, @officeId, @visitedOn, @visitedTime, @scenario, @shopper, @marks, @notes, @conclusions, @proposals, @score, @body, @actor, @now, @actor, @now)`,
    ).run({ id, ...columns(content, score), actor, now });
    const entryId = openVisitEntry(register, { visitId: id, officeId: content.officeId, visitedOn: content.visitedOn, visitedTime: content.visitedTime, templateName: template.name, templateVersion: template.version, score, conclusions: content.conclusions, proposals: content.proposals }, actor, now);
    db.prepare('UPDATE ms_visit SET register_entry_id = ? WHERE id = ?').run(entryId, id);
    return { ok: true, status: 'stored', row: findVisit(db, id)! };
  })();
}

/** An edit of a visit not yet approved, against the revision the form was opened on. */
export function updateVisit(db: Db, register: RegisterStore, id: string, revision: number, content: VisitContent, template: TemplateRow, actor: string, now: number): VisitOutcome {
  return db.transaction((): VisitOutcome => {
    const held = findVisit(db, id);
    if (!held) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    if (held.approved_at !== null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: изменить его нельзя' };
    // The register entry was opened for this office, against this template version: neither moves.
    if (held.template_id !== content.templateId) return { ok: false, error: 'fixed', reason: 'визит оценивается по той версии анкеты, по которой записан', field: 'templateId' };
    if (held.office_id !== content.officeId) return { ok: false, error: 'fixed', reason: 'отдел записанного визита не меняется (по нему открыта запись в реестре)', field: 'officeId' };
    if (held.body === visitContentKey(content)) return { ok: true, status: 'unchanged', row: held };
    if (held.revision !== revision) return { ok: false, error: 'stale', reason: 'визит уже изменён другим сотрудником: обновите страницу, чтобы увидеть его изменения' };
    const score = scoreOf(template, content);
    db.prepare(
      `UPDATE ms_visit SET office_id = @officeId, visited_on = @visitedOn, visited_time = @visitedTime, scenario = @scenario, shopper = @shopper, marks = @marks,
         notes = @notes, conclusions = @conclusions, proposals = @proposals, score = @score, body = @body, revision = revision + 1, updated_by = @actor, updated_at = @now
       WHERE id = @id`,
    ).run({ id, ...columns(content, score), actor, now });
    if (held.register_entry_id) retoneVisitEntry(register, held.register_entry_id, score, actor, now);
    return { ok: true, status: 'updated', row: findVisit(db, id)! };
  })();
}

/** «Отчёт утверждён»: from here on the visit and its files do not change. Approving twice is harmless. */
export function approveVisit(db: Db, id: string, actor: string, now: number): VisitOutcome {
  return db.transaction((): VisitOutcome => {
    const held = findVisit(db, id);
    if (!held) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    if (held.approved_at !== null) return { ok: true, status: 'approved', row: held };
    db.prepare('UPDATE ms_visit SET approved_by = ?, approved_at = ? WHERE id = ?').run(actor, now, id);
    return { ok: true, status: 'approved', row: findVisit(db, id)! };
  })();
}

export interface VisitFilter {
  from: string;
  to: string;
  officeId?: string | undefined;
  familyId?: string | undefined;
  approvedOnly?: boolean;
}

export type VisitListRow = VisitDbRow & { family_id: string; template_name: string; template_version: number; files: number };

/** Visits by day visited (both ends included) in the user's offices, newest first. */
export function listVisits(db: Db, filter: VisitFilter, scope: OfficeScope): VisitListRow[] {
  const where = ['v.visited_on >= @from', 'v.visited_on <= @to'];
  const params: Record<string, string> = { from: filter.from, to: filter.to };
  if (scope.officeIds !== 'all') {
    where.push('v.office_id IN (SELECT value FROM json_each(@scope))');
    params.scope = JSON.stringify(scope.officeIds);
  }
  if (filter.officeId) {
    where.push('v.office_id = @office');
    params.office = filter.officeId;
  }
  if (filter.familyId) {
    where.push('t.family_id = @family');
    params.family = filter.familyId;
  }
  if (filter.approvedOnly) where.push('v.approved_at IS NOT NULL');
  return db
    .prepare(
      `SELECT v.*, t.family_id, t.name AS template_name, t.version AS template_version, (SELECT count(*) FROM ms_attachment a WHERE a.visit_id = v.id) AS files
       FROM ms_visit v JOIN ms_template t ON t.id = v.template_id WHERE ${where.join(' AND ')}
       ORDER BY v.visited_on DESC, v.visited_time DESC, v.id DESC`,
    )
    .all(params) as VisitListRow[];
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
export function findVisitListRow(db: Db, id: string): VisitListRow | null {
  return (
    (db
      .prepare(
        `SELECT v.*, t.family_id, t.name AS template_name, t.version AS template_version, (SELECT count(*) FROM ms_attachment a WHERE a.visit_id = v.id) AS files
         FROM ms_visit v JOIN ms_template t ON t.id = v.template_id WHERE v.id = ?`,
      )
      .get(id) as VisitListRow | undefined) ?? null
  );
}
