import { createHash, randomBytes, randomInt } from 'node:crypto';
import { UUID } from 'uuidv7';
import { moscowDate, moscowMidnight } from '../../shared/periods.ts';
import type { SurveyAnswerRecord } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { checkSurveyAnswers, withoutHidden } from '../../shared/surveys/answer-check.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import type { Db } from '../db/open.ts';
import type { SurveyVersionStore } from '../db/survey-versions.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import { surveyExists } from './survey-store.ts';
import { addToTally } from '../db/survey-tally-rows.ts';
import { storeSurveyRecordsPg } from '../central-pg/survey-records-pg.ts';

/**
 * The staff survey's one-time links (seed 001 §5, issue 20), on the central. An office head is
 * given as many printed links as the office has staff and hands them out; each link takes one
 * answer. No answer can be tied to a person, by construction rather than by promise:
 * - a link is printed for an office, never for a user: no table holds a user beside a link;
 * - the link table keeps the token's hash, the office and a spent flag: no time, no answer id,
 *   and rows in hash order (migration 0021), so the order of spending is not kept either;
 * - the answer row keeps the office, the day (never the moment: its id is a UUIDv7 made at the day's
 *   Moscow midnight with random bits) and the answers: no token, no user, no address.
 * Results by office are shown only for groups of at least STAFF_SURVEY_MIN_GROUP (survey-results.ts).
 */
export const STAFF_DEVICE_ID = 'staff-link';
export const MAX_LINKS_PER_PRINT = 500;

const TOKEN_PREFIX = 'st_';
const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export type PrintOutcome = { ok: true; tokens: string[] } | { ok: false; reason: 'not-found' | 'not-published' | 'not-staff' | 'office-not-targeted' };

/** What the staff survey's functions are given: a HubContext, or its parts in tests. */
export interface StaffSurveyDeps {
  sql: CentralSql;
  /** The hub's SQLite, which writes the answer and its tally when `sql` is over it (hub/db/survey-tally-rows.ts; read through CentralSql). */
  db: Db;
  surveyVersions: SurveyVersionStore;
}

/** The newest version of a survey, if it is published and offered by staff link. */
function staffVersion(versions: SurveyVersionStore, surveyId: string): { version: number; definition: SurveyDefinition } | 'not-published' | 'not-staff' {
  const newest = versions.versionsOf(surveyId).at(-1);
  if (!newest) return 'not-published';
  if (!newest.definition.meta.places.includes('staff-link')) return 'not-staff';
  return { version: newest.version, definition: newest.definition };
}

/** `count` new links for one office; the tokens are returned once and kept only as hashes. */
export async function printStaffLinks(deps: Pick<StaffSurveyDeps, 'sql' | 'surveyVersions'>, surveyId: string, officeId: string, count: number): Promise<PrintOutcome> {
  const found = staffVersion(deps.surveyVersions, surveyId);
  if (found === 'not-published') return { ok: false, reason: (await surveyExists(deps.sql, surveyId)) ? 'not-published' : 'not-found' };
  if (typeof found === 'string') return { ok: false, reason: found };
  const offices = found.definition.meta.offices;
  if (offices !== 'all' && !offices.includes(officeId)) return { ok: false, reason: 'office-not-targeted' };
  const tokens = Array.from({ length: count }, () => TOKEN_PREFIX + randomBytes(16).toString('base64url'));
  // One statement: all the links or none.
  if (tokens.length > 0) await deps.sql.db.insertInto('staff_survey_link').values(tokens.map((token) => ({ token_hash: hashOf(token), survey_id: surveyId, office_id: officeId }))).execute();
  return { ok: true, tokens };
}

export type LinkState =
  | { ok: true; surveyId: string; officeId: string; version: number; definition: SurveyDefinition }
  | { ok: false; reason: 'unknown' | 'spent' | 'closed' };

/** What a link opens: the survey's newest version, unless the link is unknown or spent, or the survey is over. `sql`: ctx.sql or the open transaction. */
export async function openStaffLink(sql: Queryable, versions: SurveyVersionStore, token: string, now: number): Promise<LinkState> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 64) return { ok: false, reason: 'unknown' };
  const row = await queryable(sql).selectFrom('staff_survey_link').select(['survey_id', 'office_id', 'spent']).where('token_hash', '=', hashOf(token)).executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (Number(row.spent) === 1) return { ok: false, reason: 'spent' };
  const found = staffVersion(versions, row.survey_id);
  if (typeof found === 'string') return { ok: false, reason: 'closed' };
  const today = isoDay(now);
  const { from, to } = found.definition.meta.period;
  if (today < from || today > to) return { ok: false, reason: 'closed' };
  return { ok: true, surveyId: row.survey_id, officeId: row.office_id, ...found };
}

export type SubmitOutcome = { ok: true } | { ok: false; reason: 'unknown' | 'spent' | 'closed' } | { ok: false; reason: 'invalid'; detail: string };

/**
 * One answer for one link: the link is spent and the answer stored in one transaction, so a link
 * is never spent without its answer, nor an answer stored twice for one link. The link is spent
 * through the transaction of ctx.sql; the answer and its tally go into the same database: on
 * SQLite written synchronously inside it (the same connection, so one commit), on the central's
 * PostgreSQL through the receive path's survey statements in the same transaction.
 */
export async function submitStaffAnswer(deps: StaffSurveyDeps, token: string, given: SurveyAnswers, now: number): Promise<SubmitOutcome> {
  const { db, surveyVersions } = deps;
  return deps.sql.transaction(async (trx): Promise<SubmitOutcome> => {
    const link = await openStaffLink(trx, surveyVersions, token, now);
    if (!link.ok) return link;
    const answers = withoutHidden(link.definition, given);
    const check = checkSurveyAnswers(link.definition, answers, true);
    if (!check.ok) return { ok: false, reason: 'invalid', detail: check.reason };
    const spent = await trx.updateTable('staff_survey_link').set({ spent: 1 }).where('token_hash', '=', hashOf(token)).where('spent', '=', 0).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return { ok: false, reason: 'spent' };
    const day = dayStart(now);
    if (deps.sql.dialect === 'postgres') {
      // The central's tables are in PostgreSQL (DATABASE_URL): the answer and its tally go into the link's own transaction.
      const record: SurveyAnswerRecord = { kind: 'survey-answer', id: dayId(day), officeId: link.officeId, deviceId: STAFF_DEVICE_ID, bornAt: toInstant(day), receivedAt: toInstant(day), surveyId: link.surveyId, version: link.version, channel: 'staff-link', answers, complete: true };
      await storeSurveyRecordsPg(trx, [record], surveyVersions.lookup, now);
      return { ok: true };
    }
    db.transaction(() => {
      db.prepare(
        `INSERT INTO survey_answer (id, office_id, device_id, born_at, received_at, survey_id, version, channel, complete, answers)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'staff-link', 1, ?)`,
      ).run(dayId(day), link.officeId, STAFF_DEVICE_ID, day, day, link.surveyId, link.version, JSON.stringify(answers));
      addToTally(db, { surveyId: link.surveyId, version: link.version, officeId: link.officeId, channel: 'staff-link', complete: true, answers }, surveyVersions.lookup);
    })();
    return { ok: true };
  });
}

export interface StaffLinkCounts {
  officeId: string;
  printed: number;
  answered: number;
}

/** Links printed and spent per office: the response rate, which names nobody. */
export async function staffLinkCounts(sql: Queryable, surveyId: string): Promise<StaffLinkCounts[]> {
  const rows = await queryable(sql)
    .selectFrom('staff_survey_link')
    .select((eb) => ['office_id', eb.fn.countAll<number | string>().as('printed'), eb.fn.sum<number | string>('spent').as('answered')])
    .where('survey_id', '=', surveyId)
    .groupBy('office_id')
    .orderBy('office_id')
    .execute();
  return rows.map((r) => ({ officeId: r.office_id, printed: Number(r.printed), answered: Number(r.answered) }));
}

function dayStart(now: number): number {
  const d = moscowDate(now);
  return moscowMidnight(d.year, d.month, d.day);
}

function isoDay(now: number): string {
  const d = moscowDate(now);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** A UUIDv7 whose time is the day's midnight: unique by its 74 random bits, telling only the day. */
function dayId(day: number): string {
  return UUID.fromFieldsV7(day, randomInt(0x1000), randomInt(0x40000000), randomInt(0x100000000)).toString();
}
