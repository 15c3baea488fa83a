import { moscowDaysRange } from '../../shared/interviewer.ts';
import type { SurveySummaryRecord } from '../../shared/records.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { summaryFigures, type SummaryFigures } from '../../shared/surveys/summary-figures.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { countRefusals } from './refusals.ts';

/**
 * The summary form's figures at one office (shared/surveys/summary-figures.ts): the exit-poll
 * answers its interviewers took for one survey version over Moscow days from..to, and the refusals
 * tapped over the same days. Only channel 'interviewer': the kiosk's answers to the same survey are
 * the kiosk's, counted on the results page. The refusals (refusals.ts) and the answers are both
 * read through CentralSql: a route counts the refusals (`refusalsInPeriod`) and passes the count to
 * `officeSummaryFigures`.
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

export async function officeSummaryFigures(sql: CentralSql, definition: SurveyDefinition, scope: SummaryScope, refused: number): Promise<SummaryFigures> {
  const range = moscowDaysRange(scope.period.from, scope.period.to);
  const rows = await sql.db
    .selectFrom('survey_answer')
    .select(['answers', 'complete'])
    .where('survey_id', '=', scope.surveyId)
    .where('version', '=', scope.version)
    .where('office_id', '=', scope.officeId)
    .where('channel', '=', 'interviewer')
    .where('born_at', '>=', range.start)
    .where('born_at', '<', range.end)
    .execute();
  const taken = rows.map((r) => ({ answers: JSON.parse(r.answers) as SurveyAnswers, complete: Number(r.complete) === 1 }));
  return summaryFigures(definition, taken, refused);
}

/** The forms held here for a survey (one version, or all with null) and, optionally, one office; newest first. */
export async function listSummaries(sql: CentralSql, filter: { surveyId: string; version: number | null; officeId: string | null }): Promise<SurveySummaryRecord[]> {
  const rows = await sql.db
    .selectFrom('survey_summary')
    .select(['body', 'received_at'])
    .where('survey_id', '=', filter.surveyId)
    .$if(filter.version !== null, (qb) => qb.where('version', '=', filter.version!))
    .$if(filter.officeId !== null, (qb) => qb.where('office_id', '=', filter.officeId!))
    .orderBy('born_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ ...(JSON.parse(r.body) as Omit<SurveySummaryRecord, 'receivedAt'>), receivedAt: new Date(Number(r.received_at)).toISOString() }));
}
