import { SMALL_SAMPLE } from '../../shared/metrics.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import type { MetricFigures } from './counts.ts';
import type { FiguresTable, PanelStatus, SurveyStatus } from './figures.ts';

/**
 * A report as a plain table (title, typed columns, rows of cells), made from the query layer's
 * FiguresTable. The XLSX and the CSV are two renderings of this one table, so they cannot differ
 * from each other or from the API. Values stay unrounded here; the column kind says how a
 * rendering shows them (the XLSX keeps the exact number under a display format, the CSV writes
 * the rounded text a person would read).
 */
export type ColumnKind = 'text' | 'int' | 'decimal2' | 'percent1' | 'signed1';

export interface Column {
  header: string;
  kind: ColumnKind;
  width: number;
}

export interface Cell {
  value: number | string | null;
  /** The figure in this cell rests on fewer than SMALL_SAMPLE answers. */
  small?: boolean;
}

export interface TableRow {
  cells: Cell[];
  total: boolean;
}

export interface ReportTable {
  /** Worksheet name (≤ 31 characters) */
  sheet: string;
  title: string;
  subtitle: string;
  columns: Column[];
  rows: TableRow[];
}

export const DECIMALS: Record<Exclude<ColumnKind, 'text'>, number> = { int: 0, decimal2: 2, percent1: 1, signed1: 1 };

export const SMALL_SAMPLE_NOTE = `малая выборка (менее ${SMALL_SAMPLE} ответов)`;

const PANEL_STATUS_NOTE: Record<PanelStatus, string | null> = { ok: null, 'no-panel': 'нет пульта', 'no-presses': 'нет нажатий' };
const SURVEY_STATUS_NOTE: Record<SurveyStatus, string | null> = { ok: null, 'no-responses': 'нет ответов' };

const col = (header: string, kind: ColumnKind, width = 12): Column => ({ header, kind, width });

const subtitleOf = (table: FiguresTable, generatedAt: number): string =>
  `${table.period.label}, время московское; сформировано ${formatMoscowDateTime(generatedAt)}. Курсив — ${SMALL_SAMPLE_NOTE}.`;

/** The weekly panel table that replaces АХО's hand export: one row per office, the total last. */
export function weeklyPanelTable(table: FiguresTable, generatedAt: number): ReportTable {
  const row = (name: string, panelStatus: PanelStatus, f: MetricFigures, total: boolean): TableRow => {
    const p = f.panel;
    const note = PANEL_STATUS_NOTE[panelStatus] ?? (p.small ? SMALL_SAMPLE_NOTE : '');
    return {
      total,
      cells: [
        { value: name },
        { value: p.value, small: p.small },
        { value: p.n, small: p.small },
        ...p.distribution.map((count) => ({ value: count })),
        { value: p.suppressed },
        { value: note },
      ],
    };
  };
  return {
    sheet: `Пульты ${table.period.key}`,
    title: `Средний балл пультов оценки качества по отделам и отделениям: ${table.period.label}`,
    subtitle: subtitleOf(table, generatedAt),
    columns: [
      col('Отдел / отделение', 'text', 32),
      col('Средний балл', 'decimal2'),
      col('Число оценок', 'int'),
      col('Оценок «1»', 'int', 10),
      col('Оценок «2»', 'int', 10),
      col('Оценок «3»', 'int', 10),
      col('Оценок «4»', 'int', 10),
      col('Оценок «5»', 'int', 10),
      col('Не засчитано (слишком частые нажатия)', 'int', 16),
      col('Примечание', 'text', 34),
    ],
    rows: [...table.offices.map((r) => row(r.office.name, r.panelStatus, r.figures, false)), row(table.total.label, table.total.panelStatus, table.total.figures, true)],
  };
}

/** The monthly CSAT / NPS / CES table of the CX sector (seed 000 §1.1). */
export function monthlySurveyTable(table: FiguresTable, generatedAt: number): ReportTable {
  const row = (name: string, surveyStatus: SurveyStatus, f: MetricFigures, total: boolean): TableRow => {
    const smallOnes = (['csat', 'nps', 'ces'] as const).filter((k) => f[k].n > 0 && f[k].small).map((k) => k.toUpperCase());
    const note = SURVEY_STATUS_NOTE[surveyStatus] ?? (smallOnes.length ? `${SMALL_SAMPLE_NOTE}: ${smallOnes.join(', ')}` : '');
    return {
      total,
      cells: [
        { value: name },
        { value: f.csat.value, small: f.csat.small },
        { value: f.csat.n, small: f.csat.small },
        { value: f.nps.value, small: f.nps.small },
        { value: f.nps.n, small: f.nps.small },
        { value: f.nps.promoters, small: f.nps.small },
        { value: f.nps.passives, small: f.nps.small },
        { value: f.nps.detractors, small: f.nps.small },
        { value: f.ces.value, small: f.ces.small },
        { value: f.ces.n, small: f.ces.small },
        { value: f.responses },
        { value: note },
      ],
    };
  };
  return {
    sheet: `CSAT NPS CES ${table.period.key}`,
    title: `CSAT, NPS и CES по отделам и отделениям: ${table.period.label}`,
    subtitle: subtitleOf(table, generatedAt),
    columns: [
      col('Отдел / отделение', 'text', 32),
      col('CSAT, %', 'percent1', 10),
      col('Ответов CSAT', 'int', 10),
      col('NPS', 'signed1', 10),
      col('Ответов NPS', 'int', 10),
      col('Промоутеры, %', 'percent1', 12),
      col('Нейтральные, %', 'percent1', 12),
      col('Критики, %', 'percent1', 12),
      col('CES', 'decimal2', 10),
      col('Ответов CES', 'int', 10),
      col('Анкет', 'int', 10),
      col('Примечание', 'text', 40),
    ],
    rows: [...table.offices.map((r) => row(r.office.name, r.surveyStatus, r.figures, false)), row(table.total.label, table.total.surveyStatus, table.total.figures, true)],
  };
}
