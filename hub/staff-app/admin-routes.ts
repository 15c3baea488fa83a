import { Router, type Request } from 'express';
import type { AdminDevicesResponse, AuditResponse, PairingCodeResponse, ReceivedDeadLettersResponse, SetupLinkResponse, UserCreatedResponse, UsersResponse, UserUpdatedResponse } from '../../shared/api/admin.ts';
import rateLimit from 'express-rate-limit';
import { deviceIdSchema, describeIssues } from '../../shared/records.ts';
import { DEVICE_PAIR_PATH } from '../../shared/protocol/wire.ts';
import { z } from '../../shared/zod.ts';
import type { HubContext } from '../context.ts';
import { DeviceExistsError, listDevices, revokeDeviceNow } from '../devices/credentials.ts';
import { PAIRING_BODY_LIMIT, STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import { countReceivedDeadLetters, listReceivedDeadLetters } from '../ingest/dead-letters.ts';
import { audit, listAudit } from '../staff/audit.ts';
import { createPairingCode, redeemPairingCode } from '../staff/device-pairing.ts';
import { endAllSessions } from '../staff/sessions.ts';
import { createSetupLink } from '../staff/setup-links.ts';
import { countAdmins, createUser, disableUser, findUserById, findUserByLogin, isCentralAccount, listUsers, loginSchema, roleGrantSchema, setRoles } from '../staff/users.ts';
import { refuseRegionalEdit, saveRegional } from '../regional-config/regional-change.ts';

/** Users, device credentials, refused records and the audit log: the admin's (and for devices, АХО's) API. */
const admin = { kind: 'staff', roles: ['admin'], officeScoped: false } as const;
const deviceAdmins = { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false } as const;
const staffJson = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

const newUserSchema = z.strictObject({ login: loginSchema, displayName: z.string().trim().min(2).max(120), roles: z.array(roleGrantSchema).min(1).max(20) });
const rolesSchema = z.strictObject({ roles: z.array(roleGrantSchema).min(1).max(20) });
const pairingSchema = z.strictObject({
  deviceId: deviceIdSchema,
  kind: z.enum(['panel-driver', 'kiosk']),
  officeId: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(120),
});

export function adminRoutes(ctx: HubContext): Router {
  const router = Router();
  const actor = (req: Request) => req.staff!.user.login;
  const ip = (req: Request) => req.ip ?? null;
  const setupUrl = (token: string) => `${baseUrl(ctx)}/setup/${token}`;

  ctx.routes.add(router, { method: 'get', path: '/api/admin/users', access: admin, summary: 'список сотрудников и их ролей' }, async (_req, res) => {
    const body: UsersResponse = { ok: true, users: await listUsers(ctx.sql) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/admin/users', access: admin, body: staffJson, summary: 'завести сотрудника (выдаёт одноразовую ссылку)' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Учётные записи', true)) return;
    const parsed = newUserSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid', reason: describeIssues(parsed.error) });
    const unknownOffice = parsed.data.roles.find((g) => g.officeId !== null && !ctx.offices.find(g.officeId));
    if (unknownOffice) return void res.status(400).json({ ok: false, error: 'invalid', reason: `нет отдела ${unknownOffice.officeId}` });
    if (await findUserByLogin(ctx.sql, parsed.data.login)) return void res.status(409).json({ ok: false, error: 'exists', reason: `логин ${parsed.data.login} уже занят` });
    const user = await saveRegional(ctx, { actor: actor(req), what: `новый сотрудник ${parsed.data.login}` }, (trx) => createUser(trx, parsed.data, ctx.clock()));
    const token = await createSetupLink(ctx.sql, user.id, ctx.clock());
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'user.create', target: user.login, detail: JSON.stringify(user.roles), ip: ip(req) });
    const body: UserCreatedResponse = { ok: true, user, setupUrl: setupUrl(token) };
    res.status(201).json(body);
  });

  ctx.routes.add(router, { method: 'put', path: '/api/admin/users/:id/roles', access: admin, body: staffJson, summary: 'изменить роли сотрудника' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Учётные записи', true)) return;
    const user = await findUserById(ctx.sql, Number(req.params.id));
    const parsed = rolesSchema.safeParse(req.body);
    if (!user) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого сотрудника' });
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid', reason: describeIssues(parsed.error) });
    const unknownOffice = parsed.data.roles.find((g) => g.officeId !== null && !ctx.offices.find(g.officeId));
    if (unknownOffice) return void res.status(400).json({ ok: false, error: 'invalid', reason: `нет отдела ${unknownOffice.officeId}` });
    const losesAdmin = user.roles.some((g) => g.role === 'admin') && !parsed.data.roles.some((g) => g.role === 'admin');
    const saved = await saveRegional(ctx, { actor: actor(req), what: `роли сотрудника ${user.login}` }, async (trx) => {
      // Counted inside the change, in its turn: two administrators removing each other at once cannot both pass.
      if (losesAdmin && (await countAdmins(trx)) <= 1) throw new LastAdmin();
      await setRoles(trx, user.id, parsed.data.roles);
      await endAllSessions(trx, user.id);
    }).catch(lastAdminRefused);
    if (saved === LAST_ADMIN) return void res.status(409).json({ ok: false, error: 'last-admin', reason: 'нельзя снять роль с последнего администратора' });
    ctx.events.emit('sessions-ended', { userId: user.id, cookieValue: null });
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'user.update', target: user.login, detail: JSON.stringify(parsed.data.roles), ip: ip(req) });
    const body: UserUpdatedResponse = { ok: true, user: (await findUserById(ctx.sql, user.id)) ?? user };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/admin/users/:id/setup-link', access: admin, summary: 'новая одноразовая ссылка для пароля' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Пароль')) return;
    const user = await findUserById(ctx.sql, Number(req.params.id));
    if (!user) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого сотрудника' });
    const token = await createSetupLink(ctx.sql, user.id, ctx.clock());
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'setup-link.create', target: user.login, ip: ip(req) });
    const body: SetupLinkResponse = { ok: true, setupUrl: setupUrl(token) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/admin/users/:id/disable', access: admin, summary: 'отключить сотрудника (все его сессии завершаются)' }, async (req, res) => {
    const user = await findUserById(ctx.sql, Number(req.params.id));
    if (!user) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого сотрудника' });
    // A local account left from before the central may still be retired here; the central's are its own.
    if ((await isCentralAccount(ctx.sql, user.id)) && refuseRegionalEdit(ctx, res, 'Учётная запись')) return;
    const saved = await saveRegional(ctx, { actor: actor(req), what: `отключён сотрудник ${user.login}` }, async (trx) => {
      // Counted inside the change, in its turn (as for the roles above).
      if (user.roles.some((g) => g.role === 'admin') && (await countAdmins(trx)) <= 1) throw new LastAdmin();
      await disableUser(trx, user.id, ctx.clock());
      await endAllSessions(trx, user.id);
    }).catch(lastAdminRefused);
    if (saved === LAST_ADMIN) return void res.status(409).json({ ok: false, error: 'last-admin', reason: 'нельзя отключить последнего администратора' });
    ctx.events.emit('sessions-ended', { userId: user.id, cookieValue: null });
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'user.disable', target: user.login, ip: ip(req) });
    res.json({ ok: true });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/admin/audit', access: admin, summary: 'журнал аудита' }, async (req, res) => {
    const before = Number(req.query.before);
    const action = typeof req.query.action === 'string' && /^[a-z.-]{1,40}$/.test(req.query.action) ? req.query.action : undefined;
    const body: AuditResponse = { ok: true, entries: await listAudit(ctx.sql, { limit: 200, ...(Number.isInteger(before) && before > 0 ? { before } : {}), ...(action ? { actionPrefix: action } : {}) }) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/admin/dead-letters', access: admin, summary: 'записи, не принятые этим хабом: тот же id с другим содержимым' }, async (req, res) => {
    const before = Number(req.query.before);
    const beforeSeq = Number.isSafeInteger(before) && before > 0 ? { beforeSeq: before } : {};
    const body: ReceivedDeadLettersResponse = { ok: true, total: await countReceivedDeadLetters(ctx.sql), deadLetters: await listReceivedDeadLetters(ctx.sql, { limit: 200, ...beforeSeq }) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/admin/devices', access: deviceAdmins, summary: 'зарегистрированные устройства' }, async (_req, res) => {
    const body: AdminDevicesResponse = { ok: true, devices: await listDevices(ctx.sql) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/admin/devices/pairing-codes', access: deviceAdmins, body: staffJson, summary: 'одноразовый код привязки устройства' }, async (req, res) => {
    const parsed = pairingSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid', reason: describeIssues(parsed.error) });
    const officeId = parsed.data.officeId ?? ctx.config.officeId;
    if (!ctx.offices.find(officeId)) return void res.status(400).json({ ok: false, error: 'invalid', reason: `нет отдела ${officeId}` });
    const { code, expiresAt } = await createPairingCode(ctx.sql, { deviceId: parsed.data.deviceId, kind: parsed.data.kind, officeId, name: parsed.data.name }, actor(req), ctx.clock());
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'device.pairing-code', target: parsed.data.deviceId, ip: ip(req) });
    const body: PairingCodeResponse = { ok: true, code, expiresAt: new Date(expiresAt).toISOString() };
    res.status(201).json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/admin/devices/:id/revoke', access: deviceAdmins, summary: 'отозвать ключ устройства' }, async (req, res) => {
    const id = String(req.params.id);
    // The memory is read again before the answer: the device's next request is refused.
    if (!(await revokeDeviceNow(ctx, id, ctx.clock()))) return void res.status(404).json({ ok: false, error: 'not-found', reason: `действующего устройства ${id} нет` });
    await audit(ctx.sql, { at: ctx.clock(), actor: actor(req), action: 'device.revoke', target: id, ip: ip(req) });
    res.json({ ok: true });
  });

  const pairLimit = rateLimit({ windowMs: 60_000, limit: 10, standardHeaders: 'draft-8', legacyHeaders: false, message: { ok: false, error: 'rate-limited', reason: 'слишком много попыток, подождите минуту' } });
  ctx.routes.add(router, { method: 'post', path: DEVICE_PAIR_PATH, access: { kind: 'public' }, body: { kind: 'json', limitBytes: PAIRING_BODY_LIMIT }, summary: 'устройство обменивает код привязки на свой ключ' }, pairLimit, async (req, res) => {
    const code = typeof (req.body as { code?: unknown })?.code === 'string' ? (req.body as { code: string }).code : '';
    let result;
    try {
      result = await redeemPairingCode(ctx, code, ctx.clock());
    } catch (error) {
      // The same device paired with another code at this very moment (PostgreSQL): nothing of this
      // one was written and its code stays unspent; sent again, it takes the device over.
      if (error instanceof DeviceExistsError) return void res.status(409).json({ ok: false, error: 'busy', reason: 'это устройство как раз привязывается другим кодом; повторите через минуту' });
      throw error;
    }
    if (!result.ok) {
      const reason = { 'unknown-code': 'неверный код привязки', expired: 'срок кода истёк, получите новый', used: 'код уже использован' }[result.reason];
      return void res.status(result.reason === 'unknown-code' ? 404 : 410).json({ ok: false, error: result.reason, reason });
    }
    await audit(ctx.sql, { at: ctx.clock(), actor: result.createdBy, action: 'device.register', target: result.device.deviceId, detail: `${result.device.kind}, ${result.device.officeId}`, ip: ip(req) });
    res.status(201).json({ ok: true, deviceId: result.device.deviceId, officeId: result.device.officeId, kind: result.device.kind, token: result.token });
  });

  return router;
}

export function baseUrl(ctx: HubContext): string {
  return (ctx.config.publicBaseUrl ?? `http://${ctx.config.host === '0.0.0.0' ? '127.0.0.1' : ctx.config.host}:${ctx.config.port}`).replace(/\/$/, '');
}

/** Thrown inside a change to roll it back: it would leave the region without an active administrator. */
class LastAdmin extends Error {
  constructor() {
    super('last administrator');
  }
}
const LAST_ADMIN = Symbol('last-admin');
const lastAdminRefused = (error: unknown): typeof LAST_ADMIN => {
  if (error instanceof LastAdmin) return LAST_ADMIN;
  throw error;
};
