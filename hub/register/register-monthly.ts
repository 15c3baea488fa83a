import type { DeadlineState } from '../../shared/appeal-deadlines.ts';
import { moscowDay, previousPeriod, type Period } from '../../shared/periods.ts';
import { deadlineState, type RegisterEntryView } from '../../shared/register-fold.ts';
import { REGISTER_TOPICS } from '../../shared/register-topics.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../shared/register-words.ts';
import type { RegisterChannel, Tone } from '../../shared/register.ts';
import { daysBetween, LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import type { OfficeStore } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { formatNumberRu } from '../reports/csv.ts';
import type { Column, ReportTable } from '../reports/report-table.ts';
import type { RegisterScope } from './register-query.ts';

/**
 * The monthly short analytical report per channel (order No. 308, issue 18): for each channel,
 * the entries received in the month by office, tone and topic; the answers owed, given on time,
 * given late, overdue and still within their term; the average days from receipt to answer; and
 * the month before beside each figure. One table (channel, section, line, the month, the month
 * before) that the API gives as JSON and the XLSX and CSV render, so they cannot differ.
 *
 * An answer's term is the entry's last due date (the 59-ФЗ answer or redirection, the book's five
 * days); an entry with no term counts in «без срока».
 */
export interface MonthFigures {
  total: number;
  byOffice: Record<string, number>;
  byTone: Partial<Record<Tone, number>>;
  byTopic: Record<string, number>;
  answers: { onTime: number; late: number; overdue: number; pending: number; noTerm: number };
  /** Calendar days from receipt to the answer, over the entries answered; null when none were. */
  averageDaysToAnswer: number | null;
}

export interface ChannelMonth {
  channel: RegisterChannel;
  month: MonthFigures;
  previous: MonthFigures;
}

export interface RegisterMonthReport {
  month: string;
  previousMonth: string;
  /** The day the answers' states are reckoned on. */
  today: string;
  channels: ChannelMonth[];
}

const CHANNELS = Object.keys(REGISTER_CHANNEL_LABEL) as RegisterChannel[];
const ANSWER_DUES = new Set(['answer', 'redirect', 'book-answer']);

const empty = (): MonthFigures => ({ total: 0, byOffice: {}, byTone: {}, byTopic: {}, answers: { onTime: 0, late: 0, overdue: 0, pending: 0, noTerm: 0 }, averageDaysToAnswer: null });

async function viewsOf(central: CentralSql, month: string, scope: RegisterScope): Promise<RegisterEntryView[]> {
  if (scope.officeIds !== 'all' && scope.officeIds.length === 0) return [];
  let q = central.db.selectFrom('register_entry').select('view').where('received_on', '>=', `${month}-01`).where('received_on', '<=', `${month}-31`).orderBy('received_on').orderBy('id');
  if (scope.officeIds !== 'all') q = q.where('office_id', 'in', [...scope.officeIds]);
  const hidden = new Set(scope.hiddenChannels ?? []);
  return (await q.execute()).map((r) => JSON.parse(r.view) as RegisterEntryView).filter((v) => !hidden.has(v.channel));
}

const bump = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

function figuresOf(views: readonly RegisterEntryView[], today: string, calendar: WorkCalendar): MonthFigures {
  const f = empty();
  let days = 0;
  let answered = 0;
  for (const v of views) {
    f.total++;
    bump(f.byOffice, v.officeId);
    bump(f.byTone as Record<string, number>, v.tone);
    for (const t of v.topics) bump(f.byTopic, t);
    const term = [...v.dues].reverse().find((d) => ANSWER_DUES.has(d.what));
    if (!term) f.answers.noTerm++;
    else {
      const state: DeadlineState = deadlineState(term.due, term.doneOn, today, calendar);
      if (state === 'met') f.answers.onTime++;
      else if (state === 'late') f.answers.late++;
      else if (state === 'overdue') f.answers.overdue++;
      else f.answers.pending++;
    }
    if (v.answered) {
      answered++;
      days += daysBetween(v.receivedOn, v.answered.on);
    }
  }
  f.averageDaysToAnswer = answered > 0 ? days / answered : null;
  return f;
}

export async function registerMonthReport(central: CentralSql, month: Period, scope: RegisterScope, today: string, calendar: WorkCalendar = LAW_ONLY_CALENDAR): Promise<RegisterMonthReport> {
  const previousMonth = previousPeriod(month).key;
  const now = await viewsOf(central, month.key, scope);
  const before = await viewsOf(central, previousMonth, scope);
  const channels = CHANNELS.map((channel) => ({
    channel,
    month: figuresOf(now.filter((v) => v.channel === channel), today, calendar),
    previous: figuresOf(before.filter((v) => v.channel === channel), today, calendar),
  })).filter((c) => c.month.total > 0 || c.previous.total > 0);
  return { month: month.key, previousMonth, today, channels };
}

export const averageText = (days: number | null): string | null => (days === null ? null : formatNumberRu(days, 1));

const TOPIC_NAME = new Map(REGISTER_TOPICS.map((t) => [t.id, t.name]));
const col = (header: string, kind: Column['kind'], width: number): Column => ({ header, kind, width });

/** The report as one table: a line per figure, the month and the month before side by side. */
export function registerMonthTable(report: RegisterMonthReport, officeNames: ReadonlyMap<string, string>, monthLabel: string, generatedAt: string): ReportTable {
  const rows: ReportTable['rows'] = [];
  const line = (channel: RegisterChannel, section: string, name: string, now: number | string | null, before: number | string | null, total = false) =>
    rows.push({ total, cells: [{ value: REGISTER_CHANNEL_LABEL[channel] }, { value: section }, { value: name }, { value: now }, { value: before }] });
  for (const { channel, month: m, previous: p } of report.channels) {
    line(channel, 'Всего', 'записей за месяц', m.total, p.total, true);
    const offices = [...new Set([...Object.keys(m.byOffice), ...Object.keys(p.byOffice)])].sort((a, b) => (officeNames.get(a) ?? a).localeCompare(officeNames.get(b) ?? b, 'ru'));
    for (const o of offices) line(channel, 'Отдел', officeNames.get(o) ?? o, m.byOffice[o] ?? 0, p.byOffice[o] ?? 0);
    for (const tone of Object.keys(TONE_LABEL) as Tone[]) line(channel, 'Тон', TONE_LABEL[tone], m.byTone[tone] ?? 0, p.byTone[tone] ?? 0);
    const topics = [...new Set([...Object.keys(m.byTopic), ...Object.keys(p.byTopic)])].sort();
    for (const t of topics) line(channel, 'Тема', TOPIC_NAME.get(t) ?? t, m.byTopic[t] ?? 0, p.byTopic[t] ?? 0);
    line(channel, 'Ответы', 'даны в срок', m.answers.onTime, p.answers.onTime);
    line(channel, 'Ответы', 'даны с опозданием', m.answers.late, p.answers.late);
    line(channel, 'Ответы', 'просрочены, ответа нет', m.answers.overdue, p.answers.overdue);
    line(channel, 'Ответы', 'срок ещё не истёк', m.answers.pending, p.answers.pending);
    line(channel, 'Ответы', 'ответ не требуется (без срока)', m.answers.noTerm, p.answers.noTerm);
    // The columns count entries; the one average is written as the Russian text «4,5» in the same column.
    line(channel, 'Ответы', 'среднее время ответа, дней', averageText(m.averageDaysToAnswer), averageText(p.averageDaysToAnswer));
  }
  return {
    sheet: 'Реестр по каналам',
    title: `Краткий аналитический отчёт по каналам обратной связи: ${monthLabel}`,
    subtitle: `Записи реестра обращений по дате поступления; рядом — предыдущий месяц (${report.previousMonth}). Сроки на ${report.today}; сформировано ${generatedAt} (МСК).`,
    columns: [col('Канал', 'text', 30), col('Раздел', 'text', 12), col('Показатель', 'text', 36), col(report.month, 'int', 12), col(report.previousMonth, 'int', 12)],
    rows,
  };
}

/**
 * The report for the whole region as the central archives and mails it on the 1st (server.ts hands
 * this to the scheduled reports): the same table the API's XLSX and CSV give a reader of every office.
 */
export function registerMonthArchiveTable(central: CentralSql, offices: OfficeStore): (period: Period, now: number) => Promise<ReportTable> {
  return async (period, now) => {
    const names = new Map(offices.list().map((o) => [o.id, o.name]));
    return registerMonthTable(await registerMonthReport(central, period, { officeIds: 'all' }, moscowDay(now)), names, period.label, formatMoscowDateTime(now));
  };
}
