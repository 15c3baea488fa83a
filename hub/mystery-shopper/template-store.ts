import type { Criterion, Template } from '../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../shared/ids.ts';
import { templateContentKey, type TemplateContent } from '../../shared/mystery-shopper.ts';
import type { Db } from '../db/open.ts';

/**
 * Checklist templates (migration 0028): one row per version. A version no visit uses is edited in
 * place; editing a used one adds the family's next version, so a visit keeps the criteria it was
 * scored against (the database's trigger refuses to change a used version). A criterion edited in
 * place keeps its id in the next version, which is how the справка matches criteria across versions.
 */
export interface TemplateRow {
  id: string;
  family_id: string;
  version: number;
  name: string;
  goals: string;
  scenario: string;
  criteria: string;
  content_key: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export const criteriaOf = (row: Pick<TemplateRow, 'criteria'>): Criterion[] => JSON.parse(row.criteria) as Criterion[];

export const findTemplate = (db: Db, id: string): TemplateRow | null => (db.prepare('SELECT * FROM ms_template WHERE id = ?').get(id) as TemplateRow | undefined) ?? null;

export const newestOfFamily = (db: Db, familyId: string): TemplateRow =>
  db.prepare('SELECT * FROM ms_template WHERE family_id = ? ORDER BY version DESC LIMIT 1').get(familyId) as TemplateRow;

export const familyVersions = (db: Db, familyId: string): TemplateRow[] => db.prepare('SELECT * FROM ms_template WHERE family_id = ? ORDER BY version').all(familyId) as TemplateRow[];

const visitsOf = (db: Db, id: string): number => db.prepare('SELECT count(*) FROM ms_visit WHERE template_id = ?').pluck().get(id) as number;

/** A row as the API shows it. */
export function templateView(db: Db, row: TemplateRow): Template {
  return {
    id: row.id,
    familyId: row.family_id,
    version: row.version,
    name: row.name,
    goals: row.goals,
    scenario: row.scenario,
    criteria: criteriaOf(row),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    visits: visitsOf(db, row.id),
    newestId: newestOfFamily(db, row.family_id).id,
  };
}

/** Each family's newest version, by name. */
export const listNewestTemplates = (db: Db): TemplateRow[] =>
  db.prepare('SELECT * FROM ms_template t WHERE version = (SELECT max(version) FROM ms_template WHERE family_id = t.family_id) ORDER BY name COLLATE NOCASE, created_at').all() as TemplateRow[];

const criteriaJson = (content: TemplateContent, ids: (string | null)[]): string =>
  JSON.stringify(content.criteria.map((c, i) => ({ id: ids[i] ?? newRecordId(), text: c.text, group: c.group, weight: c.weight })));

export type CreateOutcome = { ok: true; status: 'stored' | 'duplicate'; row: TemplateRow } | { ok: false; error: 'conflict'; reason: string };

/** A new template (version 1): its id comes from the editor; a resend of the same content is a duplicate. */
export function createTemplate(db: Db, id: string, content: TemplateContent, actor: string, now: number): CreateOutcome {
  return db.transaction((): CreateOutcome => {
    const held = findTemplate(db, id);
    const key = templateContentKey(content);
    if (held) return held.content_key === key && held.version === 1 ? { ok: true, status: 'duplicate', row: held } : { ok: false, error: 'conflict', reason: 'анкета с этим номером уже записана с другим содержимым' };
    // New criteria only: ids a copied form carries mean nothing in a new family.
    const row = insertVersion(db, { id, familyId: id, version: 1, content, ids: content.criteria.map(() => null), actor, now });
    return { ok: true, status: 'stored', row };
  })();
}

export type SaveOutcome =
  | { ok: true; status: 'updated' | 'copied' | 'unchanged'; row: TemplateRow }
  | { ok: false; error: 'not-found' | 'not-newest' | 'unknown-criterion'; reason: string; field?: string };

/**
 * An edit of a version: in place while no visit uses it, else the family's next version. Only the
 * newest version is edited (an edit of an older one is refused, naming the newer), except a resend
 * of the edit that made the newest, which is answered with it.
 */
export function saveTemplate(db: Db, id: string, content: TemplateContent, actor: string, now: number): SaveOutcome {
  return db.transaction((): SaveOutcome => {
    const row = findTemplate(db, id);
    if (!row) return { ok: false, error: 'not-found', reason: 'нет такой анкеты' };
    const key = templateContentKey(content);
    const newest = newestOfFamily(db, row.family_id);
    if (newest.id !== row.id) {
      if (newest.content_key === key) return { ok: true, status: 'unchanged', row: newest };
      return { ok: false, error: 'not-newest', reason: `у этой анкеты уже есть версия ${newest.version}: изменяйте её` };
    }
    if (row.content_key === key) return { ok: true, status: 'unchanged', row };
    const held = new Set(criteriaOf(row).map((c) => c.id));
    const stray = content.criteria.findIndex((c) => c.id !== null && !held.has(c.id));
    if (stray >= 0) return { ok: false, error: 'unknown-criterion', reason: 'критерий не из этой версии анкеты', field: `criteria.${stray}.id` };
    const ids = content.criteria.map((c) => c.id);
    if (visitsOf(db, row.id) === 0) {
      db.prepare('UPDATE ms_template SET name = @name, goals = @goals, scenario = @scenario, criteria = @criteria, content_key = @key, updated_at = @now WHERE id = @id').run({
        id: row.id,
        name: content.name,
        goals: content.goals,
        scenario: content.scenario,
        criteria: criteriaJson(content, ids),
        key,
        now,
      });
      return { ok: true, status: 'updated', row: findTemplate(db, row.id)! };
    }
    const copy = insertVersion(db, { id: newRecordId(), familyId: row.family_id, version: row.version + 1, content, ids, actor, now });
    return { ok: true, status: 'copied', row: copy };
  })();
}

function insertVersion(db: Db, v: { id: string; familyId: string; version: number; content: TemplateContent; ids: (string | null)[]; actor: string; now: number }): TemplateRow {
  db.prepare(
    `INSERT INTO ms_template (id, family_id, version, name, goals, scenario, criteria, content_key, created_by, created_at, updated_at)
     VALUES (@id, @familyId, @version, @name, @goals, @scenario, @criteria, @key, @actor, @now, @now)`,
  ).run({
    id: v.id,
    familyId: v.familyId,
    version: v.version,
    name: v.content.name,
    goals: v.content.goals,
    scenario: v.content.scenario,
    criteria: criteriaJson(v.content, v.ids),
    key: templateContentKey(v.content),
    actor: v.actor,
    now: v.now,
  });
  return findTemplate(db, v.id)!;
}
