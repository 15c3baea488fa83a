import { Router, type Request, type Response } from 'express';
import { newRecordId } from '../../shared/ids.ts';
import { registerEventSchema, type RegisterChannel, type RegisterEvent } from '../../shared/register.ts';
import { channelsToOpen, hiddenChannels, mayFollowChannel, mayOpenChannel, REGISTER_READER_ROLES } from '../../shared/register-access.ts';
import { deadlineState, possibleSteps } from '../../shared/register-fold.ts';
import { toInstant } from '../../shared/time.ts';
import { LAW_ONLY_CALENDAR } from '../../shared/work-calendar.ts';
import { z } from '../../shared/zod.ts';
import {
  newEntryBodySchema,
  registerExportQuerySchema,
  registerFilterSchema,
  type RegisterFilter,
  type RegisterAuthorResponse,
  type RegisterEntryResponse,
  type RegisterListResponse,
  type RegisterRefusal,
  type RegisterSavedResponse,
} from '../../shared/api/register.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import type { Access } from '../http/route-table.ts';
import { audit } from '../staff/audit.ts';
import { inScope } from '../staff/staff-auth.ts';
import type { StaffUser } from '../staff/users.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { exportRegister, listRegister, type RegisterScope } from './register-query.ts';
import { registerMonthReport, registerMonthTable } from './register-monthly.ts';
import { moscowDay, parsePeriodKey, periodRefusalText } from '../../shared/periods.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { REGISTER_EXPORT_MAX_ROWS, registerExportTable } from './register-export.ts';
import { renderCsv } from '../reports/csv.ts';
import { renderXlsx } from '../reports/xlsx.ts';
import { CONTENT_TYPE } from '../reports/report-files.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../shared/register-words.ts';
import { REGISTER_STATUS_LABEL } from '../../shared/register-words.ts';
import { createRegisterStore } from './register-store.ts';
import { futureDayProblem, refusalOf } from './register-refusals.ts';

/**
 * The register of appeals for staff (issue 18, docs/register.md). Everyone who follows appeals
 * reads it (office-bound roles their own office's entries); those who type and follow entries add
 * to it; the director reads. The author's name, address and contacts come only from
 * `GET /api/register/:id/author`, to the office concerned, the CX sector and the admin, and each
 * answer is written to the audit log before it is sent.
 */
export const REGISTER_READERS: Access = { kind: 'staff', roles: REGISTER_READER_ROLES, officeScoped: true };
const WRITER_ROLES = ['cx', 'office-head', 'staff', 'info', 'admin'] as const;
export const REGISTER_WRITERS: Access = { kind: 'staff', roles: WRITER_ROLES, officeScoped: true };
const mayWrite = (user: StaffUser): boolean => user.roles.some((g) => (WRITER_ROLES as readonly string[]).includes(g.role));
const AUTHOR_READERS: Access = { kind: 'staff', roles: ['cx', 'office-head', 'staff', 'admin'], officeScoped: true };

/** Whether the user may see some authors' data (and so ask for it in an export). */
export const mayExportAuthors = (user: StaffUser): boolean => user.roles.some((g) => ['cx', 'admin', 'office-head', 'staff'].includes(g.role));

/** The export's filter in words, for the file's subtitle. */
function filterText(f: Omit<RegisterFilter, 'page'>, offices: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  if (f.channel) parts.push(`канал: ${REGISTER_CHANNEL_LABEL[f.channel]}`);
  if (f.office) parts.push(`отдел: ${offices.get(f.office) ?? f.office}`);
  if (f.from || f.to) parts.push(`поступили ${f.from ? `с ${f.from}` : ''}${f.from && f.to ? ' ' : ''}${f.to ? `по ${f.to}` : ''}`);
  if (f.tone) parts.push(`тон: ${TONE_LABEL[f.tone]}`);
  if (f.status) parts.push(`состояние: ${REGISTER_STATUS_LABEL[f.status]}`);
  if (f.due) parts.push(f.due === 'overdue' ? 'просроченные' : 'скоро срок');
  return parts.length > 0 ? `Отбор: ${parts.join(', ')}` : 'Все записи';
}

/** The office concerned (its head and staff), the CX sector, the admin. */
export function mayReadAuthor(user: StaffUser, officeId: string): boolean {
  return user.roles.some((g) => g.role === 'cx' || g.role === 'admin' || ((g.role === 'office-head' || g.role === 'staff') && g.officeId === officeId));
}

/** The channels typed on the new entry's form (comments are taken into work from the comment feed). */
const FORM_CHANNELS: readonly RegisterChannel[] = ['book-of-reviews', 'hotline', 'written-appeal', 'social-poll', 'open-resource'];

const idParam = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) });

export function registerRoutes(ctx: HubContext): Router {
  const router = Router();
  const store = createRegisterStore(ctx.sql, ctx.config.role === 'office' ? ctx.db : null);
  const officeNames = (): Map<string, string> => new Map(ctx.offices.list().map((o) => [o.id, o.name]));
  /** The offices a user may type entries for here: on an office hub only its own (its key forwards only those). */
  const officesFor = (req: Request) =>
    ctx.offices.list()
      .filter((o) => inScope(req.staff!.scope, o.id) && (ctx.config.role === 'central' || o.id === ctx.config.officeId))
      .map((o) => ({ id: o.id, name: o.name }));
  const refuse = (res: Response, status: number, refusal: RegisterRefusal): void => {
    countRefusal(ctx, `register-${refusal.error}`);
    res.status(status).json(refusal);
  };
  /** The offices this user reads, less the channels hidden from them. */
  const readScope = (req: Request): RegisterScope => ({ ...req.staff!.scope, hiddenChannels: hiddenChannels(req.staff!.user) });
  /** The entry if this user may see it; a 404 otherwise, so an office-bound user cannot probe other offices' ids. */
  async function entryFor(req: Request, res: Response) {
    const params = idParam.safeParse(req.params);
    const view = params.success ? await store.entry(params.data.id) : null;
    if (!view || !inScope(req.staff!.scope, view.officeId) || hiddenChannels(req.staff!.user).includes(view.channel)) {
      refuse(res, 404, { ok: false, error: 'not-found', reason: 'нет такой записи реестра', fields: {} });
      return null;
    }
    return view;
  }

  ctx.routes.add(router, { method: 'get', path: '/register', access: REGISTER_READERS, summary: 'страница: реестр обращений' }, (req, res) => {
    const offices = ctx.offices.list().filter((o) => inScope(req.staff!.scope, o.id));
    sendStaffPage(ctx, req, res, { page: 'register', offices: offices.map((o) => ({ id: o.id, name: o.name })), mayWrite: mayWrite(req.staff!.user), mayExportAuthors: mayExportAuthors(req.staff!.user) });
  });
  ctx.routes.add(router, { method: 'get', path: '/register/new', access: REGISTER_WRITERS, summary: 'страница: новая запись в реестре обращений' }, (req, res) => {
    const channels = channelsToOpen(req.staff!.user, FORM_CHANNELS);
    sendStaffPage(ctx, req, res, { page: 'register-new', offices: officesFor(req), today: moscowDay(ctx.clock()), channels });
  });
  ctx.routes.add(router, { method: 'get', path: '/register/:id', access: REGISTER_READERS, summary: 'страница: запись реестра обращений' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'register-entry', entryId: String(req.params.id).slice(0, 40), mayWrite: mayWrite(req.staff!.user), today: moscowDay(ctx.clock()) });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/register', access: REGISTER_READERS, summary: 'реестр обращений: записи с фильтрами, по 50 на страницу (без данных автора)' }, async (req, res) => {
    const filter = registerFilterSchema.safeParse(req.query);
    if (!filter.success) return refuse(res, 400, refusalOf('invalid-entry', filter.error));
    const today = moscowDay(ctx.clock());
    const names = officeNames();
    const page = await listRegister(ctx.sql, filter.data, readScope(req), today);
    const body: RegisterListResponse = {
      ok: true,
      today,
      total: page.total,
      page: filter.data.page,
      pageSize: 50,
      rows: page.rows.map((r) => ({ ...r, officeName: names.get(r.officeId) ?? r.officeId })),
    };
    res.json(body);
  });

  const exportFile = (format: 'xlsx' | 'csv') => async (req: Request, res: Response) => {
    const query = registerExportQuerySchema.safeParse(req.query);
    if (!query.success) return refuse(res, 400, refusalOf('invalid-entry', query.error));
    const { author: askAuthor, ...filter } = query.data;
    const user = req.staff!.user;
    const withAuthorColumns = askAuthor === '1';
    if (withAuthorColumns && !mayExportAuthors(user)) {
      return refuse(res, 403, { ok: false, error: 'forbidden-office', reason: 'данные авторов выгружают только отдел, сектор клиентского опыта и администратор', fields: { author: 'нет права на персональные данные' } });
    }
    const now = ctx.clock();
    const today = moscowDay(now);
    const names = officeNames();
    const found = await exportRegister(ctx.sql, filter, readScope(req), today, REGISTER_EXPORT_MAX_ROWS, (officeId) => withAuthorColumns && mayReadAuthor(user, officeId));
    if (found.total > REGISTER_EXPORT_MAX_ROWS) {
      const reason = `под отбор попадает ${found.total} записей, выгрузка — не больше ${REGISTER_EXPORT_MAX_ROWS}: сузьте период или выберите канал`;
      return refuse(res, 400, { ok: false, error: 'invalid-entry', reason, fields: { from: reason } });
    }
    const table = registerExportTable(found.entries, { officeNames: names, today, generatedAt: now, withAuthorColumns, filterText: filterText(filter, names) });
    const body = format === 'xlsx' ? await renderXlsx(table, now) : renderCsv(table);
    try {
      // Written before the file is sent: an export that cannot be audited is not given.
      await audit(ctx.sql, { at: now, actor: user.login, action: 'register.export', target: req.originalUrl.slice(0, 300), detail: `${found.entries.length} записей${withAuthorColumns ? ', с данными авторов' : ''}`, ip: req.ip ?? null });
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    res.set('cache-control', 'no-store').attachment(`register-${today}.${format}`).type(CONTENT_TYPE[format]).send(body);
  };
  ctx.routes.add(router, { method: 'get', path: '/api/register.xlsx', access: REGISTER_READERS, summary: 'выгрузка отфильтрованного реестра в XLSX (author=1 — с данными авторов, для тех, кому они доступны; в журнале)' }, exportFile('xlsx'));
  ctx.routes.add(router, { method: 'get', path: '/api/register.csv', access: REGISTER_READERS, summary: 'выгрузка отфильтрованного реестра в CSV (author=1 — с данными авторов, для тех, кому они доступны; в журнале)' }, exportFile('csv'));

  const monthReport = async (req: Request, res: Response, key: string) => {
    const period = parsePeriodKey(key);
    if (!period.ok || period.value.kind !== 'month') {
      const reason = period.ok ? `отчёт строится за месяц (2026-11), а не за «${key.slice(0, 40)}»` : periodRefusalText(period);
      refuse(res, 400, { ok: false, error: 'invalid-entry', reason, fields: { month: reason } });
      return null;
    }
    const now = ctx.clock();
    return { period: period.value, now, report: await registerMonthReport(ctx.sql, period.value, readScope(req), moscowDay(now)) };
  };
  ctx.routes.add(router, { method: 'get', path: '/api/register-report/:month', access: REGISTER_READERS, summary: 'краткий аналитический отчёт по каналам за месяц (2026-11), рядом предыдущий месяц; .xlsx | .csv — файлом' }, async (req, res) => {
    const m = /^(.+?)(?:\.(xlsx|csv))?$/.exec(String(req.params.month));
    const built = await monthReport(req, res, m?.[1] ?? '');
    if (!built) return;
    const format = m?.[2] as 'xlsx' | 'csv' | undefined;
    if (!format) return void res.json({ ok: true, ...built.report });
    const table = registerMonthTable(built.report, officeNames(), built.period.label, formatMoscowDateTime(built.now));
    const body = format === 'xlsx' ? await renderXlsx(table, built.now) : renderCsv(table);
    res.attachment(`register-channels-${built.period.key}.${format}`).type(CONTENT_TYPE[format]).send(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/register', access: REGISTER_WRITERS, body: { kind: 'json', limitBytes: STAFF_BODY_LIMIT }, summary: 'новая запись в реестре обращений' }, async (req, res) => {
    const parsed = newEntryBodySchema.safeParse(req.body);
    if (!parsed.success) return refuse(res, 400, refusalOf('invalid-entry', parsed.error));
    const { id: given, ...fields } = parsed.data;
    if (fields.details.channel === 'mystery-shopper') {
      const reason = 'запись канала «Тайный клиент» открывается сама, когда сектор клиентского опыта записывает визит (раздел «Тайный клиент»)';
      return refuse(res, 403, { ok: false, error: 'forbidden-channel', reason, fields: { 'details.channel': reason } });
    }
    if (!mayOpenChannel(req.staff!.user, fields.details.channel)) {
      const reason = 'записи этого канала вносят его владельцы: опросы в соцсетях и открытые ресурсы — сектор информационного сопровождения и сектор клиентского опыта';
      return refuse(res, 403, { ok: false, error: 'forbidden-channel', reason, fields: { 'details.channel': reason } });
    }
    if (!officesFor(req).some((o) => o.id === fields.officeId)) {
      const reason = ctx.config.role === 'office' ? 'на хабе отдела записи вносятся только для этого отдела' : 'этот отдел вам недоступен';
      return refuse(res, 403, { ok: false, error: 'forbidden-office', reason, fields: { officeId: reason } });
    }
    const id = given ?? newRecordId();
    await save(req, res, { ...fields, id, entryId: id, step: 'opened' });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/register/:id/steps', access: REGISTER_WRITERS, body: { kind: 'json', limitBytes: STAFF_BODY_LIMIT }, summary: 'следующий шаг по записи реестра (регистрация, продление, меры, ответ, закрытие…)' }, async (req, res) => {
    const view = await entryFor(req, res);
    if (!view) return;
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    if (!mayFollowChannel(req.staff!.user, view.channel)) return refuse(res, 403, { ok: false, error: 'forbidden-channel', reason: 'сектор информационного сопровождения ведёт только опросы в соцсетях и открытые ресурсы', fields: {} });
    if (body.step === 'opened') return refuse(res, 400, { ok: false, error: 'invalid-entry', reason: 'step: запись уже открыта', fields: { step: 'запись уже открыта' } });
    const { receivedAt: _ignored, ...fields } = body;
    await save(req, res, { ...fields, id: typeof fields.id === 'string' ? fields.id : newRecordId(), entryId: view.id, officeId: view.officeId });
  });

  /** Completes the event (when, by whom), validates it in full and stores it; 409 for a step that may not follow. */
  async function save(req: Request, res: Response, partial: Record<string, unknown>): Promise<void> {
    const now = ctx.clock();
    const event = registerEventSchema.safeParse({ ...partial, bornAt: toInstant(now), by: req.staff!.user.login });
    if (!event.success) return refuse(res, 400, refusalOf('invalid-entry', event.error));
    const future = futureDayProblem(event.data, moscowDay(now));
    if (future) return refuse(res, 400, { ok: false, error: 'invalid-entry', reason: future.reason, fields: { [future.field]: future.reason } });
    let outcome;
    try {
      outcome = await store.append(event.data, now);
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    ctx.storage.noteWriteOk();
    if (!outcome.ok) {
      const status = outcome.error === 'not-found' ? 404 : 409;
      return refuse(res, status, { ok: false, error: outcome.error, reason: outcome.reason, fields: {} });
    }
    if (outcome.status === 'stored' && ctx.config.role === 'office') ctx.events.emit('register-stored');
    const answer: RegisterSavedResponse = { ok: true, id: outcome.event.id, entryId: outcome.event.entryId, status: outcome.status };
    res.status(outcome.status === 'stored' ? 201 : 200).json(answer);
  }

  ctx.routes.add(router, { method: 'get', path: '/api/register/:id', access: REGISTER_READERS, summary: 'запись реестра: история, сроки, возможные шаги (без данных автора)' }, async (req, res) => {
    const view = await entryFor(req, res);
    if (!view) return;
    const today = moscowDay(ctx.clock());
    const user = req.staff!.user;
    const body: RegisterEntryResponse = {
      ok: true,
      today,
      officeName: officeNames().get(view.officeId) ?? view.officeId,
      entry: view,
      dues: view.dues.map((d) => ({ ...d, state: deadlineState(d.due, d.doneOn, today, LAW_ONLY_CALENDAR) })),
      nextSteps: mayWrite(user) && mayFollowChannel(user, view.channel) ? possibleSteps(view) : [],
      mayAuthor: view.hasAuthor && mayReadAuthor(user, view.officeId),
    };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/register/:id/author', access: AUTHOR_READERS, summary: 'данные автора обращения (ФИО, адрес, контакты): отдел, сектор КО, администратор; каждый просмотр в журнале' }, async (req, res) => {
    const view = await entryFor(req, res);
    if (!view) return;
    if (!mayReadAuthor(req.staff!.user, view.officeId)) return refuse(res, 403, { ok: false, error: 'forbidden-office', reason: 'данные автора видят только отдел, которого касается обращение, сектор клиентского опыта и администратор', fields: {} });
    const opened = (await store.events(view.id)).find((e): e is Extract<RegisterEvent, { step: 'opened' }> => e.step === 'opened');
    try {
      // Written before the data is sent: a view that cannot be audited is not shown.
      await audit(ctx.sql, { at: ctx.clock(), actor: req.staff!.user.login, action: 'register.author-view', target: view.id, detail: view.officeId, ip: req.ip ?? null });
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    const body: RegisterAuthorResponse = { ok: true, author: opened?.author ?? null };
    res.set('cache-control', 'no-store').json(body);
  });
  return router;
}
