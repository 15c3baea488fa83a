import type { Period } from '../../shared/periods.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import { emptyCounts, figuresFromCounts, sumCounts, type MetricCounts, type MetricFigures } from './counts.ts';
import type { RecordSource } from '../records/record-source.ts';
import { reportOffices, type ReportOffice } from './report-offices.ts';
import type { ReportScope } from './scope.ts';

/**
 * The offices × period table: the panel average with its distribution and the suppressed presses
 * beside it, CSAT, NPS and CES, each with n, one row per office and a total row. The dashboard,
 * the JSON API, the XLSX and the CSV all read this one function.
 */
export type PanelStatus = 'ok' | 'no-panel' | 'no-presses';
export type SurveyStatus = 'ok' | 'no-responses';

export interface OfficeFigureRow {
  office: ReportOffice;
  panelStatus: PanelStatus;
  surveyStatus: SurveyStatus;
  figures: MetricFigures;
}

export interface FiguresTable {
  period: Period;
  /** True when the scope is the whole region (the central); the total row is then the region's. */
  regionWide: boolean;
  offices: OfficeFigureRow[];
  total: { label: string; panelStatus: PanelStatus; surveyStatus: SurveyStatus; figures: MetricFigures };
}

export function panelStatusOf(counts: MetricCounts, hasPanel: boolean): PanelStatus {
  const presses = counts.panel.reduce((a, b) => a + b, 0) + counts.suppressed;
  if (presses > 0) return 'ok';
  return hasPanel ? 'no-presses' : 'no-panel';
}

export const surveyStatusOf = (counts: MetricCounts): SurveyStatus => (counts.responses > 0 ? 'ok' : 'no-responses');

export async function officeFigures(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], period: Period, scope: ReportScope): Promise<FiguresTable> {
  const offices = await reportOffices(sql, records, directory, scope, period);
  const counts = await records.countHistograms({ officeIds: offices.map((o) => o.id), start: period.start, end: period.end, dimension: 'all' });
  const perOffice = offices.map((office) => ({ office, counts: counts.get(office.id)?.get('') ?? emptyCounts() }));
  // The total pools the offices' histograms: 3 answers in a small office weigh 3, not 1/25.
  const total = sumCounts(perOffice.map((o) => o.counts));
  const regionWide = scope.officeIds === 'all';
  return {
    period,
    regionWide,
    offices: perOffice.map(({ office, counts: c }) => ({
      office,
      panelStatus: panelStatusOf(c, office.hasPanel),
      surveyStatus: surveyStatusOf(c),
      figures: figuresFromCounts(c),
    })),
    total: {
      label: regionWide ? 'Итого по области' : 'Итого',
      panelStatus: panelStatusOf(total, offices.some((o) => o.hasPanel)),
      surveyStatus: surveyStatusOf(total),
      figures: figuresFromCounts(total),
    },
  };
}
