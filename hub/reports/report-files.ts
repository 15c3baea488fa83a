import { lastCompleteWeek, parsePeriodKey, periodContaining, periodRefusalText, previousPeriod, type Period, type PeriodRefusal } from '../../shared/periods.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import { renderCsv } from './csv.ts';
import { officeFigures } from './figures.ts';
import type { RecordSource } from '../records/record-source.ts';
import { monthlySurveyTable, weeklyPanelTable, type ReportTable } from './report-table.ts';
import type { ReportScope } from './scope.ts';
import { renderXlsx } from './xlsx.ts';

/**
 * The scheduled reports. The two figure reports are built here from the offices × period table of
 * the query layer (the HTTP download, the Monday / first-of-month archive run and the e-mail all go
 * through `buildReport`); the register's monthly report per channel is built by hub/register and
 * handed to the central's scheduler (server.ts), so this folder never reads the register.
 */
export type ReportKind = 'weekly-panel' | 'monthly' | 'register-monthly';
/** The reports built from the figures here. */
export type FigureReportKind = Exclude<ReportKind, 'register-monthly'>;
export type ReportFormat = 'xlsx' | 'csv';

export const REPORT_KIND_LABEL: Record<ReportKind, string> = {
  'weekly-panel': 'Средний балл пультов за неделю',
  monthly: 'CSAT, NPS и CES за месяц',
  'register-monthly': 'Реестр обращений: краткий отчёт по каналам за месяц',
};

const PERIOD_KIND: Record<ReportKind, Period['kind']> = { 'weekly-panel': 'week', monthly: 'month', 'register-monthly': 'month' };

/** A period of another kind than the report's, or one that is no period at all. */
export type ReportPeriodRefusal = PeriodRefusal | { reason: 'wrong-period-kind'; kind: ReportKind; key: string };
export type ReportPeriodResult = { ok: true; value: Period } | ({ ok: false } & ReportPeriodRefusal);

export function reportPeriodRefusalText(refusal: ReportPeriodRefusal): string {
  if (refusal.reason !== 'wrong-period-kind') return periodRefusalText(refusal);
  return refusal.kind !== 'weekly-panel' ? `ежемесячный отчёт строится за месяц (2026-11), а не за «${refusal.key}»` : `недельный отчёт строится за неделю (2026-W48), а не за «${refusal.key}»`;
}

/** `last` names the last complete week (or month), so a bookmark or the АХО board can link to it. */
export function reportPeriod(kind: ReportKind, key: string, now: number): ReportPeriodResult {
  if (key === 'last') return { ok: true, value: kind === 'weekly-panel' ? lastCompleteWeek(now) : previousPeriod(periodContaining('month', now)) };
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) return parsed;
  if (parsed.value.kind !== PERIOD_KIND[kind]) {
    return { ok: false, reason: 'wrong-period-kind', kind, key };
  }
  return parsed;
}

export async function reportTable(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], kind: FigureReportKind, period: Period, scope: ReportScope, now: number): Promise<ReportTable> {
  const figures = await officeFigures(sql, records, directory, period, scope);
  return kind === 'weekly-panel' ? weeklyPanelTable(figures, now) : monthlySurveyTable(figures, now);
}

export async function renderReport(table: ReportTable, format: ReportFormat, now: number): Promise<Buffer> {
  return format === 'xlsx' ? renderXlsx(table, now) : Buffer.from(renderCsv(table), 'utf8');
}

export async function buildReport(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], kind: FigureReportKind, period: Period, format: ReportFormat, scope: ReportScope, now: number): Promise<Buffer> {
  return renderReport(await reportTable(sql, records, directory, kind, period, scope, now), format, now);
}

export const reportFileName = (kind: ReportKind, periodKey: string, format: ReportFormat): string => `${kind}-${periodKey}.${format}`;

export const CONTENT_TYPE: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
