import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import { PUBLIC_RESPONSES_PATH } from '../../shared/protocol/wire.ts';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { eventually } from '../../test/support/eventually.ts';
import { startHousekeeping } from '../housekeeping/housekeeping.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { issueOfficeKey } from '../central/office-keys.ts';
import { newNonce, signInvitation } from '../invitations/token.ts';

/**
 * A response born at a central on PostgreSQL itself (a QR poster's answer, posted to the central)
 * is stored in the central's SQLite with what it belongs to, answered, and copied up to PostgreSQL,
 * where the figures and the comments feed find it. While PostgreSQL is down the central cannot
 * check an answer (its invitations and keys are there): it answers 503 and the phone keeps the
 * answer and sends it again (kiosk/src/sync/phone-submitter.ts retries everything but a refusal).
 */
let cluster: PostgresCluster;
let hub: RunningHub;
const DAY = 86_400_000;

beforeAll(async () => {
  cluster = await startPostgres();
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'central-born-')), PORT: '0', ROLE: 'central', SCHEDULED_REPORTS: 'false', DATABASE_URL: await cluster.createDatabase('central') });
  if (!config.ok) throw new Error(config.message);
  hub = await startHub(config.value, { logger: createLogger('t', { level: 'silent', pretty: false }) });
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await cluster?.stop();
});

const posterAnswer = (comment: string) => ({
  kind: 'response' as const,
  id: newRecordId(),
  officeId: 'sharya',
  deviceId: 'phone',
  bornAt: new Date(Date.now() - 1000).toISOString(),
  channel: 'qr-poster' as const,
  answers: { csat1: 1, csat3: 2 },
  comment,
  serviceId: null,
  desk: null,
  complete: true,
});

async function post(response: ReturnType<typeof posterAnswer>): Promise<number> {
  const res = await fetch(`${hub.url}${PUBLIC_RESPONSES_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response }) });
  await res.arrayBuffer();
  return res.status;
}

const inFeed = async (): Promise<number> =>
  hub.ctx.records.countComments({ officeIds: ['sharya'], start: Date.now() - 2 * DAY, end: Date.now() + DAY, tone: 'all', search: null });
const queued = (): number => (hub.ctx.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

describe('responses born at a central on PostgreSQL', () => {
  it('reach PostgreSQL after the phone is answered: the comments feed and the lookup by id find them', async () => {
    const response = posterAnswer('очень долго ждал');
    expect(await post(response)).toBe(200);
    await eventually(async () => (await inFeed()) === 1, { what: 'the answer in the comments feed' });
    expect(await hub.ctx.records.findResponse(response.id)).toMatchObject({ id: response.id, officeId: 'sharya', negative: true });
    expect(queued()).toBe(0);
    // Its staging copy in the SQLite stays for a week (a phone's resend is answered from it), then
    // housekeeping deletes it; a record of the central's history from before its move stays.
    const history = { ...posterAnswer('до переезда'), bornAt: new Date(Date.now() - 400 * DAY).toISOString() };
    createRecordStore(hub.ctx.db).insert(history, Date.parse(history.bornAt));
    const inSqlite = (id: string) => hub.ctx.db.prepare('SELECT count(*) FROM response WHERE id = ?').pluck().get(id);
    expect(hub.ctx.db.prepare('SELECT kind, record_id FROM staging_copied').all()).toEqual([{ kind: 'response', record_id: response.id }]);
    const housekeeping = startHousekeeping(hub.ctx, { firstRunMs: 3_600_000 });
    try {
      expect(await housekeeping.runNow()).toMatchObject({ staging: 0 });
      expect([inSqlite(response.id), inSqlite(history.id)]).toEqual([1, 1]);
      hub.ctx.db.prepare('UPDATE staging_copied SET copied_at = copied_at - 8 * ?').run(DAY);
      expect(await housekeeping.runNow()).toMatchObject({ staging: 1 });
      expect([inSqlite(response.id), inSqlite(history.id)]).toEqual([0, 1]);
    } finally {
      await housekeeping.stop();
    }
  });

  it('an answer through an invitation and the spent invitation commit together in PostgreSQL: no queue, a resend acknowledged, another answer refused', async () => {
    const key = await issueOfficeKey(hub.ctx.sql, hub.ctx.offices.find('sharya') ?? null, Date.now());
    if (!key.ok) throw new Error(key.reason);
    const token = signInvitation({ keyId: key.value.keyId, secret: key.value.secret }, { officeId: 'sharya', desk: null, serviceId: null, channel: 'visit-qr', expiresAt: Date.now() + 86_400_000, nonce: newNonce() });
    const response = { ...posterAnswer('по приглашению'), channel: 'visit-qr' as const };
    const send = async (body: unknown) => {
      const res = await fetch(`${hub.url}${PUBLIC_RESPONSES_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      return res.status;
    };
    const before = await inFeed();
    expect(await send({ token, response })).toBe(200);
    // In the feed at once, with nothing queued for a copy: it was written in the invitation's transaction.
    expect(await inFeed()).toBe(before + 1);
    expect(queued()).toBe(0);
    expect(await hub.ctx.sql.db.selectFrom('invitation_use').select('response_id').where('response_id', '=', response.id).execute()).toHaveLength(1);
    expect(await send({ token, response })).toBe(200);
    expect(await send({ token, response: { ...posterAnswer('второй ответ'), channel: 'visit-qr' as const } })).toBe(409);
    expect(await inFeed()).toBe(before + 1);

    // Sent at once, a fresh invitation each time: the same answer twice is acknowledged twice and
    // stored once; two different answers, one is stored and the other refused, rolled back whole.
    const fresh = () => signInvitation({ keyId: key.value.keyId, secret: key.value.secret }, { officeId: 'sharya', desk: null, serviceId: null, channel: 'visit-qr', expiresAt: Date.now() + 86_400_000, nonce: newNonce() });
    for (let round = 0; round < 5; round++) {
      const same = { ...posterAnswer(`дважды сразу ${round}`), channel: 'visit-qr' as const };
      const sameToken = fresh();
      expect(await Promise.all([send({ token: sameToken, response: same }), send({ token: sameToken, response: same })])).toEqual([200, 200]);
      const otherToken = fresh();
      const statuses = await Promise.all([0, 1].map((i) => send({ token: otherToken, response: { ...posterAnswer(`два разных ${round}.${i}`), channel: 'visit-qr' as const } })));
      expect(statuses.sort()).toEqual([200, 409]);
    }
    expect(await inFeed()).toBe(before + 1 + 5 * 2);
  });

  it('an answer sent while PostgreSQL is down is refused with 503 and kept by the phone; sent again once it is back, it is stored once', async () => {
    const before = await inFeed();
    await cluster.kill();
    const response = posterAnswer('не смог записаться');
    const refused = await fetch(`${hub.url}${PUBLIC_RESPONSES_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response }) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    await refused.arrayBuffer();
    expect(queued()).toBe(0);
    await cluster.restart();
    // The phone's next try: stored, answered, copied up.
    await eventually(async () => (await post(response)) === 200, { timeoutMs: 20_000, everyMs: 500, what: 'the central answers again' });
    await eventually(async () => (await inFeed().catch(() => 0)) === before + 1 && queued() === 0, { timeoutMs: 40_000, everyMs: 200, what: 'the answer copied' });
    // The same answer sent again by the phone is acknowledged and counted once.
    expect(await post(response)).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await inFeed()).toBe(before + 1);
    expect(queued()).toBe(0);
  }, 60_000);
});
