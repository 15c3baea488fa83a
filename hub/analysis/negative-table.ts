import type { NegativeFeedback, Share } from '../../shared/api/analysis.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { SMALL_SAMPLE_NOTE, type Cell, type Column, type ReportTable, type TableRow } from '../reports/report-table.ts';

/**
 * The monitoring as an XLSX workbook for the quarter's analysis: offices × channels on one sheet,
 * the topics of negative comments on another. Internal by the seed's own words (001 §4.5), which
 * head every sheet.
 */
export const INTERNAL_MARK = 'Информация носит внутриведомственный характер и не подлежит опубликованию.';

const col = (header: string, kind: Column['kind'], width = 12): Column => ({ header, kind, width });

const shareCells = (s: Share): Cell[] => [
  { value: s.count },
  { value: s.value, small: s.small },
  { value: s.interval?.low ?? null, small: s.small },
  { value: s.interval?.high ?? null, small: s.small },
];

export function negativeTables(report: NegativeFeedback): ReportTable[] {
  const subtitle = `${report.period.label}, время московское; сформировано ${formatMoscowDateTime(Date.parse(report.generatedAt))}. ${INTERNAL_MARK} Курсив — ${SMALL_SAMPLE_NOTE}.`;
  const columns = [
    col('Отдел / отделение', 'text', 30),
    col('Канал', 'text', 24),
    col('Оценок и ответов', 'int'),
    col('Негативных', 'int'),
    col('Доля негативных, %', 'percent1'),
    col('95 % интервал: от', 'percent1'),
    col('до', 'percent1'),
    col('Удовлетворённых', 'int'),
    col('Доля удовлетворённых, %', 'percent1'),
    col('95 % интервал: от', 'percent1'),
    col('до', 'percent1'),
    col('Неудовлетворённых', 'int'),
    col('Доля неудовлетворённых, %', 'percent1'),
    col('95 % интервал: от', 'percent1'),
    col('до', 'percent1'),
  ];
  const line = (office: string, channel: string, r: NegativeFeedback['total'], total: boolean): TableRow => ({
    total,
    cells: [{ value: office }, { value: channel }, { value: r.total }, ...shareCells(r.negative), ...shareCells(r.satisfied), ...shareCells(r.unsatisfied)],
  });
  const rows: TableRow[] = [];
  for (const o of report.offices) {
    for (const r of o.rows) rows.push(line(o.office.name, r.channelLabel, r, false));
    if (o.rows.length > 1) rows.push(line(o.office.name, 'все каналы', o.total, false));
  }
  rows.push(line('Итого', 'все каналы', report.total, true));

  const topicRows: TableRow[] = report.topics.map((t) => ({
    total: false,
    cells: [{ value: t.name }, { value: t.comments }, { value: t.share.value, small: t.share.small }, { value: t.share.interval?.low ?? null, small: t.share.small }, { value: t.share.interval?.high ?? null, small: t.share.small }, { value: t.examples.map((e) => e.text).join(' | ') }],
  }));
  topicRows.push({ total: true, cells: [{ value: 'Без темы из справочника' }, { value: report.withoutTopic }, { value: null }, { value: null }, { value: null }, { value: `из ${report.negativeComments} негативных комментариев` }] });
  return [
    { sheet: 'Негативная обратная связь', title: 'Мониторинг негативной обратной связи', subtitle, columns, rows },
    {
      sheet: 'Темы',
      title: 'Основная тематика негативной обратной связи',
      subtitle: `${subtitle} Темы предложены по словам комментария; доля — от негативных комментариев, у одного комментария может быть несколько тем.`,
      columns: [col('Тема', 'text', 30), col('Комментариев', 'int'), col('Доля, %', 'percent1'), col('95 % интервал: от', 'percent1'), col('до', 'percent1'), col('Примеры', 'text', 80)],
      rows: topicRows,
    },
  ];
}
