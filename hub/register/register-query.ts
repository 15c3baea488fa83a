import { deadlineState, type RegisterEntryView } from '../../shared/register-fold.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import { REGISTER_PAGE_SIZE, type RegisterFilter, type RegisterRow } from '../../shared/api/register.ts';
import type { Author } from '../../shared/register.ts';
import { sql, type SelectQueryBuilder } from 'kysely';
import { foldForSearch } from '../db/search-fold.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';
import type { RegisterChannel } from '../../shared/register.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';

/** What a reader may see of the register: the offices of their roles, less the channels hidden from them (shared/register-access.ts). */
export interface RegisterScope extends OfficeScope {
  hiddenChannels?: readonly RegisterChannel[];
}

/**
 * The register's list: folded entries (register_entry) filtered by channel, office, the day they
 * were received, tone, status, due state and words (the folded `words` column: SQLite's trigram index, PostgreSQL's LIKE), newest
 * first, a page at a time. Rows carry no
 * personal data: the fold holds none.
 */
export interface RegisterPage {
  total: number;
  rows: Omit<RegisterRow, 'officeName'>[];
}

type Filtered = SelectQueryBuilder<Tables, 'register_entry', object>;

/** A filtered register (the page and the export share it). */
function filtered(central: CentralSql, filter: Omit<RegisterFilter, 'page'>, scope: RegisterScope, today: string): Filtered {
  let q: Filtered = central.db.selectFrom('register_entry');
  if (scope.officeIds !== 'all') q = scope.officeIds.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('office_id', 'in', [...scope.officeIds]);
  if (scope.hiddenChannels && scope.hiddenChannels.length > 0) q = q.where('channel', 'not in', [...scope.hiddenChannels]);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  if (filter.office) q = q.where('office_id', '=', filter.office);
  if (filter.tone) q = q.where('tone', '=', filter.tone);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.from) q = q.where('received_on', '>=', filter.from);
  if (filter.to) q = q.where('received_on', '<=', filter.to);
  // «просрочено» from the day after the due date; «скоро срок» from the reminder day to the due date.
  if (filter.due === 'overdue') q = q.where('due_on', '<', today);
  if (filter.due === 'soon') q = q.where('remind_on', '<=', today).where('due_on', '>=', today);
  if (filter.q) {
    // The words as typed, folded as the entries' words are (searchWords): any part of them.
    const words = foldForSearch(filter.q);
    if (central.dialect === 'sqlite') {
      // SQLite's trigram index over the column (migrations 0027, 0031): a phrase, quotes doubled.
      q = q.where(sql<boolean>`rowid IN (SELECT rowid FROM register_search WHERE register_search MATCH ${`"${words.replaceAll('"', '""')}"`})`);
    } else {
      // PostgreSQL: no index, the same column read through; % and _ as text.
      q = q.where(sql<boolean>`words LIKE ${`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE ${'\\'}`);
    }
  }
  return q;
}

const ordered = (q: Filtered) => q.select('view').orderBy('received_on', 'desc').orderBy('born_at', 'desc').orderBy('id', 'desc');

async function countOf(q: Filtered): Promise<number> {
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listRegister(central: CentralSql, filter: RegisterFilter, scope: RegisterScope, today: string, calendar: WorkCalendar = LAW_ONLY_CALENDAR): Promise<RegisterPage> {
  const q = filtered(central, filter, scope, today);
  const total = await countOf(q);
  const views = await ordered(q).limit(REGISTER_PAGE_SIZE).offset((filter.page - 1) * REGISTER_PAGE_SIZE).execute();
  return { total, rows: views.map((v) => rowOf(JSON.parse(v.view) as RegisterEntryView, today, calendar)) };
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
export async function exportRegister(
  central: CentralSql,
  filter: Omit<RegisterFilter, 'page'>,
  scope: RegisterScope,
  today: string,
  limit: number,
  withAuthor: (officeId: string) => boolean,
): Promise<{ total: number; entries: RegisterExportEntry[] }> {
  const q = filtered(central, filter, scope, today);
  const total = await countOf(q);
  if (total > limit) return { total, entries: [] };
  const views = (await ordered(q).execute()).map((v) => JSON.parse(v.view) as RegisterEntryView);
  // The authors only of the entries this user may see them of, read by the entries' own ids (the opened event's id is the entry's).
  const wanted = views.filter((v) => withAuthor(v.officeId)).map((v) => v.id);
  const authors = new Map<string, Author | null>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await central.db.selectFrom('register_event').select(['id', 'body']).where('step', '=', 'opened').where('id', 'in', wanted.slice(i, i + 500)).execute();
    for (const r of rows) authors.set(r.id, (JSON.parse(r.body) as { author?: Author | null }).author ?? null);
  }
  const entries = views.map((view) => ({ view, author: withAuthor(view.officeId) ? (authors.get(view.id) ?? null) : null }));
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
