import { deadlineState, type RegisterEntryView } from '../../shared/register-fold.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import { REGISTER_PAGE_SIZE, type RegisterFilter, type RegisterRow } from '../../shared/api/register.ts';
import type { Author } from '../../shared/register.ts';
import type { Db } from '../db/open.ts';
import type { RegisterChannel } from '../../shared/register.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';

/** What a reader may see of the register: the offices of their roles, less the channels hidden from them (shared/register-access.ts). */
export interface RegisterScope extends OfficeScope {
  hiddenChannels?: readonly RegisterChannel[];
}

/**
 * The register's list: folded entries (register_entry) filtered by channel, office, the day they
 * were received, tone, status, due state and words (migration 0027's trigram index), newest
 * first, a page at a time. Rows carry no
 * personal data: the fold holds none.
 */
export interface RegisterPage {
  total: number;
  rows: Omit<RegisterRow, 'officeName'>[];
}

/** The WHERE clause of a filtered register (the page and the export share it). */
function whereOf(filter: Omit<RegisterFilter, 'page'>, scope: RegisterScope, today: string): { clause: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (scope.officeIds !== 'all') {
    where.push('office_id IN (SELECT value FROM json_each(@scope))');
    params.scope = JSON.stringify(scope.officeIds);
  }
  if (scope.hiddenChannels && scope.hiddenChannels.length > 0) {
    where.push('channel NOT IN (SELECT value FROM json_each(@hidden))');
    params.hidden = JSON.stringify(scope.hiddenChannels);
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
  if (filter.q) {
    // A phrase for the trigram index: the words as typed, quotes doubled, ё as е (as indexed).
    where.push('rowid IN (SELECT rowid FROM register_search WHERE register_search MATCH @q)');
    params.q = `"${filter.q.replaceAll('"', '""').replaceAll('ё', 'е').replaceAll('Ё', 'Е')}"`;
  }
  return { clause: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

const ORDER = 'ORDER BY received_on DESC, born_at DESC, id DESC';

export function listRegister(db: Db, filter: RegisterFilter, scope: RegisterScope, today: string, calendar: WorkCalendar = LAW_ONLY_CALENDAR): RegisterPage {
  const { clause, params } = whereOf(filter, scope, today);
  const total = db.prepare(`SELECT count(*) FROM register_entry ${clause}`).pluck().get(params) as number;
  const views = db
    .prepare(`SELECT view FROM register_entry ${clause} ${ORDER} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: REGISTER_PAGE_SIZE, offset: (filter.page - 1) * REGISTER_PAGE_SIZE }) as string[];
  return { total, rows: views.map((v) => rowOf(JSON.parse(v) as RegisterEntryView, today, calendar)) };
}

/** One entry of an export: the folded view, and the author's data (from its `opened` event) for those who may see it. */
export interface RegisterExportEntry {
  view: RegisterEntryView;
  author: Author | null;
}

/**
 * Every entry of the filtered register in the list's order, up to `limit` (the caller refuses
 * more). The author's data is read only when `withAuthor` says this user may see that office's.
 */
export function exportRegister(
  db: Db,
  filter: Omit<RegisterFilter, 'page'>,
  scope: RegisterScope,
  today: string,
  limit: number,
  withAuthor: (officeId: string) => boolean,
): { total: number; entries: RegisterExportEntry[] } {
  const { clause, params } = whereOf(filter, scope, today);
  const total = db.prepare(`SELECT count(*) FROM register_entry ${clause}`).pluck().get(params) as number;
  if (total > limit) return { total, entries: [] };
  const author = db.prepare("SELECT json_extract(body, '$.author') FROM register_event WHERE id = ? AND step = 'opened'").pluck();
  const views = db.prepare(`SELECT view FROM register_entry ${clause} ${ORDER}`).pluck().all(params) as string[];
  const entries = views.map((v) => {
    const view = JSON.parse(v) as RegisterEntryView;
    const raw = withAuthor(view.officeId) ? (author.get(view.id) as string | null | undefined) : null;
    return { view, author: raw ? (JSON.parse(raw) as Author) : null };
  });
  return { total, entries };
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
