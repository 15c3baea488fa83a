import { moscowDaysRange } from '../../shared/interviewer.ts';
import type { SurveySummaryRecord } from '../../shared/records.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { summaryFigures, type SummaryFigures } from '../../shared/surveys/summary-figures.ts';
import type { Db } from '../db/open.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { countRefusals } from './refusals.ts';

/**
 * The summary form's figures at one office (shared/surveys/summary-figures.ts): the exit-poll
 * answers its interviewers took for one survey version over Moscow days from..to, and the refusals
 * tapped over the same days. Only channel 'interviewer': the kiosk's answers to the same survey are
 * the kiosk's, counted on the results page. The refusals live in a store written for both databases
 * (refusals.ts, asynchronous), the answers in the hub's SQLite (synchronous): a route counts the
 * refusals first (`refusalsInPeriod`) and passes the count to `officeSummaryFigures`.
 */
export interface SummaryScope {
  surveyId: string;
  version: number;
  officeId: string;
  period: { from: string; to: string };
}

/** The refusals tapped at the office over the scope's Moscow days. */
export function refusalsInPeriod(sql: CentralSql, scope: SummaryScope): Promise<number> {
  return countRefusals(sql, scope, moscowDaysRange(scope.period.from, scope.period.to));
}

export function officeSummaryFigures(db: Db, definition: SurveyDefinition, scope: SummaryScope, refused: number): SummaryFigures {
  const range = moscowDaysRange(scope.period.from, scope.period.to);
  const rows = db
    .prepare(
      `SELECT answers, complete FROM survey_answer
        WHERE survey_id = ? AND version = ? AND office_id = ? AND channel = 'interviewer' AND born_at >= ? AND born_at < ?`,
    )
    .all(scope.surveyId, scope.version, scope.officeId, range.start, range.end) as { answers: string; complete: 0 | 1 }[];
  const taken = rows.map((r) => ({ answers: JSON.parse(r.answers) as SurveyAnswers, complete: r.complete === 1 }));
  return summaryFigures(definition, taken, refused);
}

/** The forms held here for a survey (one version, or all with null) and, optionally, one office; newest first. */
export function listSummaries(db: Db, filter: { surveyId: string; version: number | null; officeId: string | null }): SurveySummaryRecord[] {
  const rows = db
    .prepare(
      `SELECT body, received_at FROM survey_summary
        WHERE survey_id = ? AND (? IS NULL OR version = ?) AND (? IS NULL OR office_id = ?)
        ORDER BY born_at DESC, id DESC LIMIT 1000`,
    )
    .all(filter.surveyId, filter.version, filter.version, filter.officeId, filter.officeId) as { body: string; received_at: number }[];
  return rows.map((r) => ({ ...(JSON.parse(r.body) as Omit<SurveySummaryRecord, 'receivedAt'>), receivedAt: new Date(r.received_at).toISOString() }));
}
