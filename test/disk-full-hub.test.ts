import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHubConfig } from '../hub/config.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { createLogger } from '../shared/logger.ts';
import { INGEST_PATH } from '../shared/protocol/wire.ts';
import type { DevicesResponse } from '../shared/api/board.ts';
import { eventually } from './support/eventually.ts';
import { mountSmallDisk, type SmallDisk } from './support/small-disk.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';
import { removeTempDirs } from './support/temp-dirs.ts';
import { press } from './support/test-records.ts';

/**
 * An office hub whose data folder is a 16 MB file system, filled to the brim: the write is refused
 * (503, Retry-After), /health answers 503 with the disk critical, the АХО board shows it, АХО gets
 * one mail; once space is freed the same batch is stored exactly once, /health is 200 again and
 * one all-clear goes out. The check interval stays at its minute: the failed write alone must make
 * the state critical, and the next successful one must measure again.
 */
const mounted = mountSmallDisk('hub-disk-', 16);
const skip = mounted.ok ? false : mounted.skip;
if (!mounted.ok) console.warn(`disk-full hub test skipped: ${mounted.skip}`);

let disk: SmallDisk | null = null;
let hub: RunningHub | null = null;
let inbox: SmtpInbox | null = null;
let aho: StaffSession | null = null;
let token = '';

beforeAll(async () => {
  if (!mounted.ok) return;
  disk = mounted.disk;
  inbox = await startSmtpInbox();
  const config = readHubConfig({
    DATA_DIR: disk.dir,
    PORT: '0',
    OFFICE_ID: 'sharya',
    SCHEDULED_REPORTS: 'false',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(inbox.port),
    SMTP_FROM: 'hub-sharya@example.ru',
    DEVICE_ALERT_RECIPIENTS: 'aho@example.ru',
    STORAGE_WARN_MB: '4',
    STORAGE_WARN_PERCENT: '0',
    STORAGE_CRITICAL_MB: '1',
    STORAGE_CRITICAL_PERCENT: '0',
  });
  if (!config.ok) throw new Error(config.message);
  hub = await startHub(config.value, { logger: createLogger('hub', { level: 'silent', pretty: false }) });
  aho = await staffSession(hub, 'aho-disk', [{ role: 'aho', officeId: 'sharya' }]);
  token = await registerDeviceNow(hub.ctx, { id: 'drv-disk', officeId: 'sharya', kind: 'panel-driver', name: 'ПК пультов' }, Date.now());
});

afterAll(async () => {
  await hub?.close();
  await inbox?.close();
  disk?.unmount();
  removeTempDirs();
});

const ingest = (records: unknown[]) =>
  fetch(`${hub!.url}${INGEST_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records }) });
const health = async (headers: Record<string, string> = {}) => {
  const res = await fetch(`${hub!.url}/health`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { storage?: { state: string; freeBytes: number; writeFailedAt: string | null; advice?: string }; refusals?: Record<string, number> } };
};
const board = async () => (await (await aho!.fetch('/api/devices')).json()) as DevicesResponse;
const pressCount = () => hub!.ctx.db.prepare('SELECT count(*) FROM press').pluck().get() as number;

describe.skipIf(skip)('an office hub on a full disk', () => {
  it('refuses the write, says so on /health, the board and in one mail; stores the batch exactly once when space is back', { timeout: 60_000 }, async () => {
    const first = Array.from({ length: 100 }, (_, i) => press('drv-disk', 'p1', Date.now() - 60_000 + i));
    expect((await ingest(first)).status).toBe(200);
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, storage: { state: 'ok', writeFailedAt: null } } });

    disk!.fill();
    const batch = Array.from({ length: 500 }, (_, i) => press('drv-disk', 'p1', Date.now() + i));
    const refused = await ingest(batch);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { reason: string }).reason).toMatch(/диск хаба заполнен/);
    expect(pressCount()).toBe(100);

    // Monitoring on the machine (and staff) see the details; anyone else a bare 503.
    const full = await health();
    if (process.env.PRINT_HEALTH) console.log(JSON.stringify(full.body, null, 2));
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ ok: false, database: 'ok', storage: { state: 'critical' }, refusals: { 'disk-full': 1 } });
    expect(full.body.storage?.writeFailedAt).not.toBeNull();
    expect(full.body.storage?.advice).toMatch(/записи пульса.*архив отчётов.*резервные копии.*Нажатия и ответы анкет не удаляются/);
    expect(await health({ 'x-forwarded-for': '203.0.113.9' })).toEqual({ status: 503, body: { ok: false } });

    const shown = await board();
    expect(shown.hubStorage?.report.state).toBe('critical');
    expect(shown.alerts.filter((a) => a.kind === 'disk-full')).toMatchObject([{ severity: 'critical', deviceId: null, message: expect.stringMatching(/^Хаб отдела: диск заполнен/) }]);

    await eventually(() => inbox!.received.length === 1, { what: 'the disk-full mail' });
    const alert = bodyText(inbox!.received[0]!.raw);
    expect(alert).toMatch(/диск заполнен: свободно/);
    expect(alert).toMatch(/устройства и офисные хабы хранят их у себя/);
    expect(inbox!.received[0]!.to).toEqual(['aho@example.ru']);

    // A second refusal while full is counted, but mails nobody again.
    expect((await ingest(batch)).status).toBe(503);

    disk!.free();
    const stored = await ingest(batch);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { results: { status: string }[] }).results.every((r) => r.status === 'stored')).toBe(true);
    const again = await ingest(batch);
    expect(((await again.json()) as { results: { status: string }[] }).results.every((r) => r.status === 'duplicate')).toBe(true);

    await eventually(async () => (await health()).status === 200, { what: '/health back to 200' });
    expect((await health()).body).toMatchObject({ ok: true, storage: { state: 'ok', writeFailedAt: null }, refusals: { 'disk-full': 2 } });
    expect((await board()).alerts.filter((a) => a.kind === 'disk-full' || a.kind === 'disk-low')).toEqual([]);
    await eventually(() => inbox!.received.length === 2, { what: 'the all-clear mail' });
    expect(bodyText(inbox!.received[1]!.raw)).toMatch(/запись снова идёт/);

    expect(pressCount()).toBe(600);
    expect(new Set((hub!.ctx.db.prepare('SELECT id FROM press').pluck().all() as string[])).size).toBe(600);
    expect(hub!.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox!.received).toHaveLength(2);
  });
});
