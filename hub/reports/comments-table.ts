import type { CommentEntry } from './comments.ts';
import { type ReportTable } from './report-table.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';

/** The comments feed as a table, for the CSV export of what the filters show. */
export function commentsTable(entries: readonly CommentEntry[]): Pick<ReportTable, 'columns' | 'rows'> {
  const text = (header: string) => ({ header, kind: 'text' as const, width: 14 });
  const int = (header: string) => ({ header, kind: 'int' as const, width: 8 });
  return {
    columns: [
      text('Дата и время (Москва)'),
      text('Отдел / отделение'),
      text('Канал'),
      text('Услуга'),
      text('Окно'),
      int('CSAT 1'),
      int('CSAT 2'),
      int('CSAT 3'),
      int('CES'),
      int('NPS'),
      text('Тон'),
      text('Комментарий'),
    ],
    rows: entries.map((e) => ({
      total: false,
      cells: [
        { value: formatMoscowDateTime(Date.parse(e.bornAt)) },
        { value: e.officeName },
        { value: e.channelLabel },
        { value: e.serviceName },
        { value: e.desk },
        { value: e.answers.csat1 ?? null },
        { value: e.answers.csat2 ?? null },
        { value: e.answers.csat3 ?? null },
        { value: e.answers.ces ?? null },
        { value: e.answers.nps ?? null },
        { value: e.negative ? 'негативный' : '' },
        { value: e.comment },
      ],
    })),
  };
}
