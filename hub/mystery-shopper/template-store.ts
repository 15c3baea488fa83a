import type { Kysely, Selectable } from 'kysely';
import type { Criterion, Template } from '../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../shared/ids.ts';
import { templateContentKey, type TemplateContent } from '../../shared/mystery-shopper.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { MsTemplateTable, Tables } from '../sql/tables.ts';

/**
 * Checklist templates (SQLite migration 0028, PostgreSQL 0014): one row per version. A version no
 * visit uses is edited in place; editing a used one adds the family's next version, so a visit
 * keeps the criteria it was scored against (the database's trigger refuses to change a used
 * version). A criterion edited in place keeps its id in the next version, which is how the справка
 * matches criteria across versions. The same statements run on the hub's SQLite and on the
 * central's PostgreSQL (hub/sql/central-sql.ts).
 */
export type TemplateRow = Selectable<MsTemplateTable>;

export const criteriaOf = (row: Pick<TemplateRow, 'criteria'>): Criterion[] => JSON.parse(row.criteria) as Criterion[];

const findIn = async (db: Kysely<Tables>, id: string): Promise<TemplateRow | null> => (await db.selectFrom('ms_template').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

const newestIn = async (db: Kysely<Tables>, familyId: string): Promise<TemplateRow> =>
  db.selectFrom('ms_template').selectAll().where('family_id', '=', familyId).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();

const visitsIn = async (db: Kysely<Tables>, id: string): Promise<number> => {
  const row = await db.selectFrom('ms_visit').select((eb) => eb.fn.countAll<number>().as('n')).where('template_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
};

export const findTemplate = (sql: CentralSql, id: string): Promise<TemplateRow | null> => findIn(sql.db, id);

export const newestOfFamily = (sql: CentralSql, familyId: string): Promise<TemplateRow> => newestIn(sql.db, familyId);

export const familyVersions = (sql: CentralSql, familyId: string): Promise<TemplateRow[]> =>
  sql.db.selectFrom('ms_template').selectAll().where('family_id', '=', familyId).orderBy('version').execute();

/** A row as the API shows it. */
export async function templateView(sql: CentralSql, row: TemplateRow): Promise<Template> {
  const visits = await visitsIn(sql.db, row.id);
  const newest = await newestIn(sql.db, row.family_id);
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
    visits,
    newestId: newest.id,
  };
}

/**
 * SQLite's NOCASE: ASCII letters folded, then the UTF-8 bytes compared. Sorted here rather than in
 * the statement, so both databases list the templates in the same order whatever PostgreSQL's locale.
 */
const nocaseKey = (name: string): Buffer => Buffer.from(name.replace(/[A-Z]/g, (c) => c.toLowerCase()), 'utf8');

/** Each family's newest version, by name (as SQLite's NOCASE compares), then by when it was made. */
export async function listNewestTemplates(sql: CentralSql): Promise<TemplateRow[]> {
  const rows = await sql.db
    .selectFrom('ms_template as t')
    .selectAll('t')
    .where('t.version', '=', (eb) =>
      eb
        .selectFrom('ms_template as f')
        .select((f) => f.fn.max('f.version').as('newest'))
        .whereRef('f.family_id', '=', 't.family_id'),
    )
    .execute();
  const keys = new Map(rows.map((r) => [r, nocaseKey(r.name)]));
  return rows.sort((a, b) => Buffer.compare(keys.get(a)!, keys.get(b)!) || a.created_at - b.created_at);
}

const criteriaJson = (content: TemplateContent, ids: (string | null)[]): string =>
  JSON.stringify(content.criteria.map((c, i) => ({ id: ids[i] ?? newRecordId(), text: c.text, group: c.group, weight: c.weight })));

export type CreateOutcome = { ok: true; status: 'stored' | 'duplicate'; row: TemplateRow } | { ok: false; error: 'conflict'; reason: string };

const heldAnswer = (held: TemplateRow, key: string): CreateOutcome =>
  held.content_key === key && held.version === 1 ? { ok: true, status: 'duplicate', row: held } : { ok: false, error: 'conflict', reason: 'анкета с этим номером уже записана с другим содержимым' };

/** A new template (version 1): its id comes from the editor; a resend of the same content is a duplicate. */
export async function createTemplate(sql: CentralSql, id: string, content: TemplateContent, actor: string, now: number): Promise<CreateOutcome> {
  const key = templateContentKey(content);
  return sql.transaction(async (trx): Promise<CreateOutcome> => {
    const held = await findIn(trx, id);
    if (held) return heldAnswer(held, key);
    // New criteria only: ids a copied form carries mean nothing in a new family.
    const row = await insertVersion(trx, { id, familyId: id, version: 1, content, ids: content.criteria.map(() => null), actor, now });
    // Another request stored the same id meanwhile (PostgreSQL; SQLite runs one at a time): answered as its resend.
    if (!row) return heldAnswer((await findIn(trx, id))!, key);
    return { ok: true, status: 'stored', row };
  });
}

export type SaveOutcome =
  | { ok: true; status: 'updated' | 'copied' | 'unchanged'; row: TemplateRow }
  | { ok: false; error: 'not-found' | 'not-newest' | 'unknown-criterion'; reason: string; field?: string };

/**
 * An edit of a version: in place while no visit uses it, else the family's next version. Only the
 * newest version is edited (an edit of an older one is refused, naming the newer), except a resend
 * of the edit that made the newest, which is answered with it.
 */
export async function saveTemplate(sql: CentralSql, id: string, content: TemplateContent, actor: string, now: number): Promise<SaveOutcome> {
  const key = templateContentKey(content);
  return sql.transaction(async (trx): Promise<SaveOutcome> => {
    // On PostgreSQL two edits of one version, or an edit and a new visit on it, wait for each other here.
    const row =
      (await trx
        .selectFrom('ms_template')
        .selectAll()
        .where('id', '=', id)
        .$if(sql.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst()) ?? null;
    if (!row) return { ok: false, error: 'not-found', reason: 'нет такой анкеты' };
    const newest = await newestIn(trx, row.family_id);
    if (newest.id !== row.id) {
      if (newest.content_key === key) return { ok: true, status: 'unchanged', row: newest };
      return { ok: false, error: 'not-newest', reason: `у этой анкеты уже есть версия ${newest.version}: изменяйте её` };
    }
    if (row.content_key === key) return { ok: true, status: 'unchanged', row };
    const held = new Set(criteriaOf(row).map((c) => c.id));
    const stray = content.criteria.findIndex((c) => c.id !== null && !held.has(c.id));
    if (stray >= 0) return { ok: false, error: 'unknown-criterion', reason: 'критерий не из этой версии анкеты', field: `criteria.${stray}.id` };
    const ids = content.criteria.map((c) => c.id);
    if ((await visitsIn(trx, row.id)) === 0) {
      const updated = await trx
        .updateTable('ms_template')
        .set({ name: content.name, goals: content.goals, scenario: content.scenario, criteria: criteriaJson(content, ids), content_key: key, updated_at: now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ok: true, status: 'updated', row: updated };
    }
    const copy = await insertVersion(trx, { id: newRecordId(), familyId: row.family_id, version: row.version + 1, content, ids, actor, now });
    return { ok: true, status: 'copied', row: copy! };
  });
}

/** The stored row; null when the id is already held (nothing inserted). */
async function insertVersion(
  db: Kysely<Tables>,
  v: { id: string; familyId: string; version: number; content: TemplateContent; ids: (string | null)[]; actor: string; now: number },
): Promise<TemplateRow | null> {
  const row = await db
    .insertInto('ms_template')
    .values({
      id: v.id,
      family_id: v.familyId,
      version: v.version,
      name: v.content.name,
      goals: v.content.goals,
      scenario: v.content.scenario,
      criteria: criteriaJson(v.content, v.ids),
      content_key: templateContentKey(v.content),
      created_by: v.actor,
      created_at: v.now,
      updated_at: v.now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}
