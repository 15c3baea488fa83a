import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { DUE_LABEL, DUE_STATE_LABEL, REGISTER_STATUS_LABEL } from '../../shared/register-words.ts';
import { REGISTER_TOPICS } from '../../shared/register-topics.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../shared/register-words.ts';
import { deadlineState, type RegisterEntryView } from '../../shared/register-fold.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import type { Column, ReportTable } from '../reports/report-table.ts';
import type { RegisterExportEntry } from './register-query.ts';

/**
 * The filtered register as a table for XLSX and CSV (issue 18), one row per entry in the list's
 * order. The author's columns are in the table only when the user may see some author's data; a
 * row of an office whose authors this user may not see leaves them empty (register-query reads
 * no author for it). Rendered by the reports' XLSX and CSV writers, so a formula typed into a
 * summary is neutralised in the CSV like a client's comment.
 */
export const REGISTER_EXPORT_MAX_ROWS = 20_000;

export const dayText = (day: string): string => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
const TOPIC_NAME = new Map(REGISTER_TOPICS.map((t) => [t.id, t.name]));
const text = (header: string, width: number): Column => ({ header, kind: 'text', width });

export const REGISTER_EXPORT_COLUMNS: Column[] = [
  text('Номер записи', 38),
  text('Поступило', 12),
  text('Отдел', 24),
  text('Канал', 26),
  text('Тон', 14),
  text('Темы', 30),
  text('Состояние', 16),
  text('Содержание', 60),
  text('Открытый срок', 30),
  text('Срок до', 12),
  text('Состояние срока', 18),
  text('Принятые меры', 50),
  text('Дата ответа', 12),
  text('Ответ', 50),
  text('Площадка и ссылка', 40),
];
export const AUTHOR_COLUMNS: Column[] = [text('ФИО автора', 30), text('Адрес автора', 40), text('Контакты автора', 24)];

export interface RegisterExportOptions {
  officeNames: ReadonlyMap<string, string>;
  today: string;
  generatedAt: number;
  withAuthorColumns: boolean;
  filterText: string;
  calendar?: WorkCalendar;
}

function whereText(view: RegisterEntryView): string | null {
  const d = view.details;
  if (d.channel === 'social-poll') return `${d.platform}: ${d.link}; вопрос: ${d.question}; результаты: ${d.results}`;
  if (d.channel === 'open-resource') return `${d.platform}: ${d.link}`;
  if (d.channel === 'mystery-shopper') return `визит тайного клиента: /mystery-shopper/visits/${d.visitId}`;
  return null;
}

export function registerExportTable(entries: readonly RegisterExportEntry[], options: RegisterExportOptions): ReportTable {
  const calendar = options.calendar ?? LAW_ONLY_CALENDAR;
  const rows = entries.map(({ view, author }) => {
    const due = view.openDue;
    const cells: (string | null)[] = [
      view.id,
      dayText(view.receivedOn),
      options.officeNames.get(view.officeId) ?? view.officeId,
      REGISTER_CHANNEL_LABEL[view.channel],
      TONE_LABEL[view.tone],
      view.topics.map((t) => TOPIC_NAME.get(t) ?? t).join(', ') || null,
      REGISTER_STATUS_LABEL[view.status],
      view.summary,
      due ? DUE_LABEL[due.what] : null,
      due ? dayText(due.due) : null,
      due ? DUE_STATE_LABEL[deadlineState(due.due, null, options.today, calendar)] : null,
      view.measures.map((m) => m.text).join('\n') || null,
      view.answered ? dayText(view.answered.on) : null,
      view.answered?.summary ?? null,
      whereText(view),
    ];
    if (options.withAuthorColumns) cells.push(author?.name ?? null, author?.address ?? null, author?.contacts ?? null);
    return { total: false, cells: cells.map((value) => ({ value })) };
  });
  return {
    sheet: 'Реестр обращений',
    title: 'Реестр обращений граждан',
    subtitle: `${options.filterText}; записей: ${entries.length}; сформировано ${formatMoscowDateTime(options.generatedAt)} (время московское).${options.withAuthorColumns ? ' Содержит персональные данные авторов.' : ''}`,
    columns: options.withAuthorColumns ? [...REGISTER_EXPORT_COLUMNS, ...AUTHOR_COLUMNS] : REGISTER_EXPORT_COLUMNS,
    rows,
  };
}
