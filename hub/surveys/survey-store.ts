import { randomBytes } from 'node:crypto';
import type { SurveyDefinition, SurveyVersion } from '../../shared/surveys/definition.ts';
import { toInstant } from '../../shared/time.ts';
import type { Kysely } from 'kysely';
import { keepSurveyVersion, readSurveyVersions } from '../db/survey-versions.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * The CX sector's surveys on the central: a draft per survey, and publishing, which freezes the
 * draft as the next version (hub/db/survey-versions.ts). Publishing a draft equal to the newest
 * version makes no new version: answers would be split for nothing.
 */
export interface SurveySummary {
  id: string;
  title: string;
  draftChangedAt: number;
  draftChangedBy: string;
  /** The newest version, null before the first publishing. */
  latestVersion: number | null;
  /** The draft holds changes not yet published. */
  unpublished: boolean;
  answers: number;
  /** The newest version's period and target (the draft's before the first publishing). */
  period: { from: string; to: string };
  targetN: number | null;
  /** Answers to the newest version: the progress toward its target. */
  latestAnswers: number;
}

export interface SurveyDetail extends SurveySummary {
  draft: SurveyDefinition;
  versions: SurveyVersion[];
}

interface SurveyRow {
  id: string;
  draft: string;
  draft_changed_at: number;
  draft_changed_by: string;
}

interface NewestRow {
  survey_id: string;
  version: number;
  definition: string;
}

/** Answers per survey and version (countSurveyAnswers in survey-results.ts). */
export type AnswerCounts = ReadonlyMap<string, ReadonlyMap<number, number>>;

function summaryFrom(row: SurveyRow, newest: NewestRow | undefined, counts: AnswerCounts): SurveySummary {
  const draft = JSON.parse(row.draft) as SurveyDefinition;
  const latestDefinition = newest?.definition ?? null;
  const shown = latestDefinition === null ? draft : (JSON.parse(latestDefinition) as SurveyDefinition);
  const latest = newest ? Number(newest.version) : null;
  const answers = counts.get(row.id);
  return {
    id: row.id,
    title: draft.meta.title,
    draftChangedAt: Number(row.draft_changed_at),
    draftChangedBy: row.draft_changed_by,
    latestVersion: latest,
    unpublished: latestDefinition === null || latestDefinition !== row.draft,
    answers: [...(answers?.values() ?? [])].reduce((sum, n) => sum + n, 0),
    period: shown.meta.period,
    targetN: shown.meta.targetN,
    latestAnswers: latest === null ? 0 : (answers?.get(latest) ?? 0),
  };
}

/** The newest version of each survey (of one when `id` is given). */
async function readNewest(db: Kysely<Tables>, id: string | null): Promise<Map<string, NewestRow>> {
  let query = db
    .selectFrom('survey_version as v')
    .select(['v.survey_id', 'v.version', 'v.definition'])
    .where('v.version', '=', (eb) => eb.selectFrom('survey_version as w').select((w) => w.fn.max('w.version').as('latest')).whereRef('w.survey_id', '=', 'v.survey_id'));
  if (id !== null) query = query.where('v.survey_id', '=', id);
  return new Map((await query.execute()).map((r) => [r.survey_id, r]));
}

const SURVEY_COLUMNS = ['id', 'draft', 'draft_changed_at', 'draft_changed_by'] as const;

/** Every survey, newest created first; `counts` are the answers as countSurveyAnswers(ctx.sql) reads them. */
export async function listSurveys(sql: Queryable, counts: AnswerCounts): Promise<SurveySummary[]> {
  const db = queryable(sql);
  const rows = await db.selectFrom('survey').select(SURVEY_COLUMNS).orderBy('created_at', 'desc').execute();
  const newest = await readNewest(db, null);
  return rows.map((row) => summaryFrom(row, newest.get(row.id), counts));
}

export async function readSurvey(sql: Queryable, id: string, counts: AnswerCounts): Promise<SurveyDetail | null> {
  const db = queryable(sql);
  const row = await db.selectFrom('survey').select(SURVEY_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const newest = await readNewest(db, id);
  return { ...summaryFrom(row, newest.get(id), counts), draft: JSON.parse(row.draft) as SurveyDefinition, versions: await readSurveyVersions(db, id) };
}

/** Whether a survey (a draft, published or not) by this id exists. */
export async function surveyExists(sql: Queryable, id: string): Promise<boolean> {
  return (await queryable(sql).selectFrom('survey').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function createSurvey(sql: Queryable, definition: SurveyDefinition, actor: string, now: number): Promise<string> {
  const id = `s-${randomBytes(5).toString('hex')}`;
  await queryable(sql)
    .insertInto('survey')
    .values({ id, draft: JSON.stringify(definition), created_at: now, created_by: actor, draft_changed_at: now, draft_changed_by: actor })
    .execute();
  return id;
}

/** false when there is no such survey. */
export async function saveDraft(sql: Queryable, id: string, definition: SurveyDefinition, actor: string, now: number): Promise<boolean> {
  const result = await queryable(sql).updateTable('survey').set({ draft: JSON.stringify(definition), draft_changed_at: now, draft_changed_by: actor }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type PublishResult = { ok: true; version: SurveyVersion; created: boolean } | { ok: false; reason: 'not-found' };

/**
 * Freezes the draft as the next version; call inside the transaction that bumps the regional
 * revision (its `trx`), then load ctx.surveyVersions again.
 */
export async function publishDraft(sql: Queryable, id: string, now: number): Promise<PublishResult> {
  const db = queryable(sql);
  const row = await db.selectFrom('survey').select('draft').where('id', '=', id).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not-found' };
  const newest = (await readNewest(db, id)).get(id);
  const definition = JSON.parse(row.draft) as SurveyDefinition;
  if (newest && newest.definition === row.draft) {
    const held = (await readSurveyVersions(db, id)).at(-1)!;
    return { ok: true, version: held, created: false };
  }
  const version: SurveyVersion = { surveyId: id, version: (newest ? Number(newest.version) : 0) + 1, publishedAt: toInstant(now), definition };
  await keepSurveyVersion(db, version);
  return { ok: true, version, created: true };
}
