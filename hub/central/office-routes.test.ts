import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OfficeDirectoryResponse, OfficeRefusal, OfficeSavedResponse } from '../../shared/api/offices.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { officesCommand } from '../cli/offices.ts';
import type { HubConfig } from '../config.ts';
import type { RunningHub } from '../server.ts';
import { listAudit, SHELL_ACTOR } from '../staff/audit.ts';
import { currentRevision } from '../regional-config/revisions.ts';
import { buildSnapshot } from '../regional-config/snapshot.ts';

/**
 * The office directory on a real central over HTTP: the admin adds, renames, re-addresses, closes
 * and reopens an office; each save is one new revision naming who changed what, one audit entry,
 * and is in the next snapshot an office hub pulls. Bad input is refused field by field and saves
 * nothing; no other role may change it. The shell commands make the same change.
 */
let hub: RunningHub;
let config: HubConfig;
let admin: StaffSession;

beforeAll(async () => {
  ({ hub, config } = await startFixtureHub({ fixture: false }));
  admin = await staffSession(hub, 'offices-admin', [{ role: 'admin' }]);
});
afterAll(async () => hub?.close());

const revision = async () => (await currentRevision(hub.ctx.sql))!.revision;
const send = (method: string, path: string, body?: unknown) => admin.fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const newOffice = { id: 'sharya-2', name: 'Шарьинское отделение, второй зал', kind: 'otdelenie', address: 'Костромская область, г. Шарья, ул. Вокзальная, д. 5' };

describe('the office directory on the central', () => {
  it('an admin adds an office: a new revision by that admin, an audit entry, in the snapshot; its hub still needs a key', async () => {
    const before = await revision();
    const res = await send('POST', '/api/offices', { ...newOffice, name: '  Шарьинское   отделение, второй зал ' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as OfficeSavedResponse;
    expect(body).toEqual({ ok: true, office: { ...newOffice, closedAt: null, keyIssued: false }, revision: before + 1 });
    expect(await currentRevision(hub.ctx.sql)).toMatchObject({ revision: before + 1, actor: 'offices-admin', what: 'новый отдел sharya-2 «Шарьинское отделение, второй зал»' });
    expect((await listAudit(hub.ctx.sql, { limit: 1, actionPrefix: 'office.' }))[0]).toMatchObject({ actor: 'offices-admin', action: 'office.create', target: 'sharya-2' });
    expect((await buildSnapshot(hub.ctx.sql, hub.ctx.config, 'sharya', (await currentRevision(hub.ctx.sql))!)).offices.at(-1)).toEqual({ ...newOffice, closedAt: null });
    const list = (await (await admin.fetch('/api/offices')).json()) as OfficeDirectoryResponse;
    expect(list.offices.map((o) => o.id)).toContain('sharya-2');
    expect(list.offices).toHaveLength(26);
  });

  it('refuses bad input field by field, in Russian, and saves nothing', async () => {
    const before = await revision();
    const audited = (await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq;
    const bad = await send('POST', '/api/offices', { id: 'Шарья-3', name: 'Sharya 3', kind: 'filial', address: 'г. Ш' });
    expect(bad.status).toBe(400);
    const refusal = (await bad.json()) as OfficeRefusal;
    expect(refusal.error).toBe('invalid');
    expect(refusal.fields).toEqual({
      id: 'идентификатор отдела: латиница в нижнем регистре, цифры и дефис',
      name: 'название пишется по-русски, как на вывеске',
      kind: 'выберите: отделение или отдел',
      address: 'адрес не короче 5 знаков',
    });
    const taken = await send('POST', '/api/offices', { ...newOffice, id: 'sharya' });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as OfficeRefusal).fields.id).toMatch(/^идентификатор sharya уже занят отделом «Шарьинское отделение»/);
    expect((await send('POST', '/api/offices', { ...newOffice, id: 'other', position: 1 })).status).toBe(400);
    expect((await send('PATCH', '/api/offices/sharya-2', {})).status).toBe(400);
    expect((await send('PATCH', '/api/offices/sharya-2', { id: 'sharya-3' })).status).toBe(400);
    expect((await send('PATCH', '/api/offices/nowhere', { name: 'Новое название' })).status).toBe(404);
    expect(await revision()).toBe(before);
    expect((await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq).toBe(audited);
    expect(hub.ctx.offices.find('sharya-2')).toMatchObject({ name: newOffice.name });
  });

  it('renames and re-addresses an office: one revision, the change in words in the audit log; the same values again make none', async () => {
    const before = await revision();
    const res = await send('PATCH', '/api/offices/sharya-2', { name: 'Шарьинское отделение, зал на Вокзальной', address: 'Костромская область, г. Шарья, ул. Вокзальная, д. 7' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as OfficeSavedResponse).office).toMatchObject({ id: 'sharya-2', name: 'Шарьинское отделение, зал на Вокзальной', kind: 'otdelenie' });
    expect(await revision()).toBe(before + 1);
    expect((await listAudit(hub.ctx.sql, { limit: 1, actionPrefix: 'office.' }))[0]).toMatchObject({
      action: 'office.update',
      detail: 'название: «Шарьинское отделение, второй зал» → «Шарьинское отделение, зал на Вокзальной»; адрес: «Костромская область, г. Шарья, ул. Вокзальная, д. 5» → «Костромская область, г. Шарья, ул. Вокзальная, д. 7»',
    });
    expect((await send('PATCH', '/api/offices/sharya-2', { name: 'Шарьинское отделение, зал на Вокзальной' })).status).toBe(200);
    expect(await revision()).toBe(before + 1);
  });

  it('closes an office without deleting it, and reopens it; each a revision', async () => {
    const before = await revision();
    const closed = await send('POST', '/api/offices/sharya-2/close');
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as OfficeSavedResponse).office.closedAt).not.toBeNull();
    expect(hub.ctx.offices.find('sharya-2')?.closedAt).not.toBeNull();
    expect((await buildSnapshot(hub.ctx.sql, hub.ctx.config, 'sharya', (await currentRevision(hub.ctx.sql))!)).offices.find((o) => o.id === 'sharya-2')?.closedAt).not.toBeNull();
    expect((await send('POST', '/api/offices/sharya-2/close')).status).toBe(409);
    expect(await revision()).toBe(before + 1);
    const reopened = await send('POST', '/api/offices/sharya-2/reopen');
    expect(reopened.status).toBe(200);
    expect(((await reopened.json()) as OfficeSavedResponse).office.closedAt).toBeNull();
    expect((await send('POST', '/api/offices/sharya-2/reopen')).status).toBe(409);
    expect((await send('POST', '/api/offices/nowhere/close')).status).toBe(404);
    expect(await revision()).toBe(before + 2);
    expect((await listAudit(hub.ctx.sql, { limit: 2, actionPrefix: 'office.' })).map((e) => e.action)).toEqual(['office.reopen', 'office.close']);
  });

  it('only an admin may change or see it (403 for the CX sector, АХО, a director)', async () => {
    const before = await revision();
    for (const role of ['cx', 'aho', 'director'] as const) {
      const other = await staffSession(hub, `offices-${role}`, [{ role }]);
      expect((await other.fetch('/api/offices', { method: 'POST', body: JSON.stringify({ ...newOffice, id: `x-${role}` }) })).status).toBe(403);
      expect((await other.fetch('/api/offices/sharya-2', { method: 'PATCH', body: JSON.stringify({ name: 'Чужое название' }) })).status).toBe(403);
      expect((await other.fetch('/api/offices/sharya-2/close', { method: 'POST' })).status).toBe(403);
      expect((await other.fetch('/api/offices')).status).toBe(403);
      expect((await other.fetch('/offices', { headers: { accept: 'text/html' } })).status).toBe(403);
    }
    expect(await revision()).toBe(before);
  });

  it('a full disk: 503 with Retry-After (the app answers for a route that does not catch it), nothing saved, and it works again with room', async () => {
    const before = await revision();
    const audited = (await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq;
    const pages = hub.ctx.db.pragma('page_count', { simple: true }) as number;
    hub.ctx.db.pragma(`max_page_count = ${pages}`);
    try {
      // The first offices may still fit the pages' free room: the disk is full when one does not.
      let res = await send('POST', '/api/offices', { ...newOffice, id: 'sharya-9' });
      for (let i = 0; res.status === 201 && i < 200; i++) res = await send('POST', '/api/offices', { ...newOffice, id: `sharya-9-${i}` });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toMatchObject({ ok: false, error: 'storage-unavailable', reason: 'диск хаба заполнен; данные не приняты, повторите позже' });
      const saved = (await revision()) - before;
      expect((await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq - audited).toBe(saved);
      expect(hub.ctx.storage.report().state).toBe('critical');
    } finally {
      hub.ctx.db.pragma('max_page_count = 1073741823');
      hub.ctx.storage.noteWriteOk();
    }
    expect((await send('POST', '/api/offices', { ...newOffice, id: 'sharya-8' })).status).toBe(201);
  });

  it('the shell commands make the same regional change, by «командная строка»', async () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const before = await revision();
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, config, ['new', 'neya-2', '--name', 'Нейский отдел, выездной пункт', '--kind', 'otdel', '--address', 'Костромская область, г. Нея, ул. Советская, д. 1'])).toBe(0);
      expect(out.mock.calls.flat().join('\n')).toContain('npm run hub -- offices add neya-2');
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, config, ['set', 'neya-2', '--address', 'Костромская область, г. Нея, ул. Советская, д. 3'])).toBe(0);
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, config, ['close', 'neya-2'])).toBe(0);
      expect(await revision()).toBe(before + 3);
      expect(await currentRevision(hub.ctx.sql)).toMatchObject({ actor: SHELL_ACTOR, what: 'закрыт отдел neya-2 «Нейский отдел, выездной пункт»' });
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, config, ['new', 'neya-3', '--name', 'Neya', '--kind', 'otdel', '--address', 'Костромская область'])).toBe(2);
      expect(err.mock.calls.flat().join('\n')).toContain('name: название пишется по-русски');
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, config, ['close', 'neya-2'])).toBe(2);
      expect(await officesCommand(hub.ctx.sql, hub.ctx.db, { ...config, role: 'office', centralUrl: 'http://central.example' }, ['set', 'neya-2', '--name', 'Нейский отдел'])).toBe(2);
      expect(err.mock.calls.flat().join('\n')).toContain('получает справочник отделов с центрального сборщика (http://central.example)');
      expect(await revision()).toBe(before + 3);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
