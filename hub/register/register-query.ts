import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';
import { deadlineState, type RegisterEntryView } from '../../shared/register-fold.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import { REGISTER_PAGE_SIZE, type RegisterFilter, type RegisterRow } from '../../shared/api/register.ts';
import type { Db } from '../db/open.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';

/**
 * The register's list: folded entries (register_entry) filtered by channel, office, the day they
 * were received, tone, status and due state, newest first, a page at a time. Rows carry no
 * personal data: the fold holds none.
 */
export const moscowDay = (ms: number): string => new Date(ms + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);

export interface RegisterPage {
  total: number;
  rows: Omit<RegisterRow, 'officeName'>[];
}

export function listRegister(db: Db, filter: RegisterFilter, scope: OfficeScope, today: string, calendar: WorkCalendar = LAW_ONLY_CALENDAR): RegisterPage {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (scope.officeIds !== 'all') {
    where.push('office_id IN (SELECT value FROM json_each(@scope))');
    params.scope = JSON.stringify(scope.officeIds);
  }
  const equal = { channel: filter.channel, office_id: filter.office, tone: filter.tone, status: filter.status };
  for (const [column, value] of Object.entries(equal)) {
    if (!value) continue;
    where.push(`${column} = @${column}`);
    params[column] = value;
  }
  if (filter.from) {
    where.push('received_on >= @from');
    params.from = filter.from;
  }
  if (filter.to) {
    where.push('received_on <= @to');
    params.to = filter.to;
  }
  // «просрочено» from the day after the due date; «скоро срок» from the reminder day to the due date.
  if (filter.due === 'overdue') where.push('due_on < @today');
  if (filter.due === 'soon') where.push('remind_on <= @today AND due_on >= @today');
  if (filter.due) params.today = today;
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT count(*) FROM register_entry ${clause}`).pluck().get(params) as number;
  const views = db
    .prepare(`SELECT view FROM register_entry ${clause} ORDER BY received_on DESC, born_at DESC, id DESC LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: REGISTER_PAGE_SIZE, offset: (filter.page - 1) * REGISTER_PAGE_SIZE }) as string[];
  return { total, rows: views.map((v) => rowOf(JSON.parse(v) as RegisterEntryView, today, calendar)) };
}

function rowOf(view: RegisterEntryView, today: string, calendar: WorkCalendar): Omit<RegisterRow, 'officeName'> {
  return {
    id: view.id,
    officeId: view.officeId,
    channel: view.channel,
    receivedOn: view.receivedOn,
    summary: view.summary.length > 200 ? `${view.summary.slice(0, 199)}…` : view.summary,
    tone: view.tone,
    topics: view.topics,
    status: view.status,
    openDue: view.openDue ? { what: view.openDue.what, due: view.openDue.due, state: deadlineState(view.openDue.due, null, today, calendar) } : null,
    hasAuthor: view.hasAuthor,
  };
}
