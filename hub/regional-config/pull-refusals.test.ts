import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { signResponse } from '../../shared/protocol/forward-signature.ts';
import type { RegionalSnapshot } from '../../shared/protocol/regional-config.ts';
import { HUB_HEADER } from '../../shared/protocol/wire.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { waitFor } from '../../test/support/forward-stack.ts';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { findUserByLogin } from '../staff/users.ts';
import { readConfigState } from '../db/regional-config-state.ts';
import { startRegionalConfigPuller, type RegionalConfigPuller } from './puller.ts';

/**
 * The office hub's side of a pull against a central that misbehaves on purpose (a real HTTP server
 * on 127.0.0.1 holding the office's key): only a signed, fresh, valid, newer snapshot for this
 * office is applied; each other answer is refused, counted, shown on /health, and changes nothing.
 */
const SECRET = `czn_hub_${'k'.repeat(43)}`;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

/** `cut`: the answer dies half-way — 'reset': the connection is destroyed after half the announced body; 'short': a chunked body ends cleanly after half. */
type Answer = { status?: number; body: string; signature?: 'good' | 'none' | 'other-body' | { replay: string }; cut?: 'reset' | 'short' };
let next: (requestSignature: string) => Answer;
let fake: Server;
let hub: RunningHub;
let puller: RegionalConfigPuller;
let captured: { body: string; signature: string } | null = null;
let requests = 0;

function snapshot(revision: number, patch: Partial<Record<keyof RegionalSnapshot, unknown>> = {}): Record<string, unknown> {
  return {
    schemaVersion: 2,
    officeId: 'sharya',
    revision,
    changedAt: new Date().toISOString(),
    offices: DEFAULT_OFFICES.map((o) => ({ ...o, closedAt: null })),
    services: [
      { id: 'registration', name: `Регистрация, ревизия ${revision}`, active: true },
      { id: 'other', name: 'Другое', active: true },
    ],
    alertRules: [{ windowMinutes: 30, minPresses: 3, share: 0.5, maxScore: 1 }],
    workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    users: [{ login: 'cx.region', displayName: 'Сектор КО', passwordHash: HASH, passwordChangedAt: null, disabledAt: null, roles: [{ role: 'cx', officeId: null }] }],
    surveys: [],
    ...patch,
  };
}
const answer = (snap: unknown, revision = 0): string => JSON.stringify({ ok: true, revision, snapshot: snap });

beforeAll(async () => {
  fake = createServer((req, res) => {
    const requestSignature = String(req.headers[HUB_HEADER.signature] ?? '');
    if (!req.url?.startsWith('/api/forward/config')) return void res.writeHead(404).end();
    requests++;
    const a = next(requestSignature);
    const status = a.status ?? 200;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = a.signature ?? 'good';
    if (sig === 'good') headers[HUB_HEADER.signature] = signResponse(SECRET, requestSignature, status, a.body);
    else if (sig === 'other-body') headers[HUB_HEADER.signature] = signResponse(SECRET, requestSignature, status, a.body.replace('ревизия', 'подмена'));
    else if (typeof sig === 'object') headers[HUB_HEADER.signature] = sig.replay;
    if (a.cut) {
      const bytes = Buffer.from(a.body);
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      if (a.cut === 'short') return void res.writeHead(status, headers).end(half);
      res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
      return void res.write(half, () => res.socket?.destroy());
    }
    if (sig === 'good') captured = { body: a.body, signature: headers[HUB_HEADER.signature]! };
    res.writeHead(status, headers).end(a.body);
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const centralUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  const config = readHubConfig({
    ROLE: 'office',
    OFFICE_ID: 'sharya',
    DATA_DIR: makeTempDir('pull-refusals-'),
    PORT: '0',
    SCHEDULED_REPORTS: 'false',
  });
  if (!config.ok) throw new Error(config.message);
  next = () => ({ body: answer(snapshot(5), 5) });
  hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  // The puller on its own (no forwarder beside it), with waits of an hour: only the test's pulls happen after the first.
  puller = startRegionalConfigPuller(hub.ctx, { centralUrl, key: { keyId: 'sharya-test-key', secret: SECRET }, intervalMs: 3_600_000, retryBaseMs: 3_600_000, requestTimeoutMs: 10_000, random: () => 1 });
});

afterAll(async () => {
  await puller?.stop();
  await hub?.close();
  await new Promise((resolve) => fake?.close(resolve));
  removeTempDirs();
});

const serviceNames = () => hub.ctx.services.list({ activeOnly: true }).map((s) => s.name);

describe('pulling the regional configuration from a central that misbehaves', () => {
  it('applies a signed, valid, newer snapshot: services, rules, hours, accounts, revision', async () => {
    // The first pull, at start, found revision 5; the one right after it (which tells the central what
    // is held) found nothing newer, and the puller now waits an hour: from here on only the test pulls.
    await waitFor('revision 5 applied and confirmed', async () => (await readConfigState(hub.ctx.sql)).revision === 5 && requests >= 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(serviceNames()).toEqual(['Регистрация, ревизия 5', 'Другое']);
    expect(hub.ctx.alertRules.current().rules).toEqual([{ windowMinutes: 30, minPresses: 3, share: 0.5, maxScore: 1 }]);
    expect(hub.ctx.workingHours.current()).toMatchObject({ start: '09:00', end: '17:00' });
    expect((await findUserByLogin(hub.ctx.sql, 'cx.region'))?.passwordHash).toBe(HASH);
    next = () => ({ body: answer(null, 5) });
    expect(await puller.pullNow()).toEqual({ kind: 'up-to-date', revision: 5 });
  });

  const refusals: [string, () => Answer, string][] = [
    ['an unsigned answer', () => ({ body: answer(snapshot(6), 6), signature: 'none' }), 'unsigned-answer'],
    ['a tampered answer', () => ({ body: answer(snapshot(6), 6), signature: 'other-body' }), 'bad-signature'],
    ['a replayed answer (signed for an earlier request)', () => ({ body: captured!.body, signature: { replay: captured!.signature } }), 'bad-signature'],
    ['an older revision', () => ({ body: answer(snapshot(4), 4) }), 'older-revision'],
    ['the same revision again', () => ({ body: answer(snapshot(5), 5) }), 'older-revision'],
    ['an invalid snapshot', () => ({ body: answer(snapshot(6, { services: [{ id: 'registration', name: '', active: true }] }), 6) }), 'invalid-snapshot'],
    ['a snapshot with an unknown field', () => ({ body: answer({ ...snapshot(6), quizzes: [] }, 6) }), 'invalid-snapshot'],
    ['a newer schema', () => ({ body: answer({ ...snapshot(6), schemaVersion: 3, quizzes: [] }, 6) }), 'newer-schema'],
    ['a snapshot cut for another office', () => ({ body: answer(snapshot(6, { officeId: 'kostroma' }), 6) }), 'wrong-office'],
    ['not a pull answer', () => ({ body: '<html>Вход в сеть</html>' }), 'not-an-answer'],
  ];

  for (const [what, make, reason] of refusals) {
    it(`refuses ${what}, counts it and changes nothing`, async () => {
      const before = hub.ctx.refusals.get(`regional-config-${reason}`) ?? 0;
      next = make;
      expect(await puller.pullNow()).toMatchObject({ kind: 'failed', reason });
      expect(hub.ctx.refusals.get(`regional-config-${reason}`)).toBe(before + 1);
      expect(serviceNames()).toEqual(['Регистрация, ревизия 5', 'Другое']);
      const health = (await (await fetch(`${hub.url}/health`)).json()) as { refusals: Record<string, number>; forward: { regionalConfig: { revision: number; failing: boolean; lastError: { code: string } } } };
      expect(health.forward.regionalConfig).toMatchObject({ revision: 5, failing: true, lastError: { code: reason } });
      expect(health.refusals[`regional-config-${reason}`]).toBe(before + 1);
    });
  }

  it('a pull that dies half-way changes nothing: a reset connection is «unreachable», a body cut short fails its signature; the next good pull applies', async () => {
    // A big snapshot, so that half of it is many kilobytes on the wire.
    const big = (revision: number) => snapshot(revision, { services: Array.from({ length: 150 }, (_, i) => ({ id: `s-${i}`, name: `Услуга ${i}, ревизия ${revision}`, active: true })) });
    const counted = (reason: string) => hub.ctx.refusals.get(`regional-config-${reason}`) ?? 0;
    const badSignatures = counted('bad-signature');

    next = () => ({ body: answer(big(6), 6), cut: 'reset' });
    expect(await puller.pullNow()).toMatchObject({ kind: 'failed', reason: 'unreachable' });
    expect(hub.ctx.refusals.has('regional-config-unreachable')).toBe(false);
    expect((await readConfigState(hub.ctx.sql)).revision).toBe(5);
    expect(serviceNames()).toEqual(['Регистрация, ревизия 5', 'Другое']);

    next = () => ({ body: answer(big(6), 6), cut: 'short' });
    expect(await puller.pullNow()).toMatchObject({ kind: 'failed', reason: 'bad-signature' });
    expect(counted('bad-signature')).toBe(badSignatures + 1);
    expect((await readConfigState(hub.ctx.sql)).revision).toBe(5);
    expect(serviceNames()).toEqual(['Регистрация, ревизия 5', 'Другое']);

    next = () => ({ body: answer(big(6), 6) });
    expect(await puller.pullNow()).toEqual({ kind: 'applied', revision: 6 });
    expect(serviceNames()).toHaveLength(150);
    expect(serviceNames()[149]).toBe('Услуга 149, ревизия 6');
  });

  it('a refused 401 from the central is not counted as a bad answer, and the hub keeps its revision', async () => {
    next = () => ({ status: 401, body: '{"ok":false}', signature: 'none' });
    expect(await puller.pullNow()).toMatchObject({ kind: 'failed', reason: 'refused' });
    expect(hub.ctx.refusals.has('regional-config-refused')).toBe(false);
    next = () => ({ body: answer(snapshot(7), 7) });
    expect(await puller.pullNow()).toEqual({ kind: 'applied', revision: 7 });
    const health = (await (await fetch(`${hub.url}/health`)).json()) as { forward: { regionalConfig: { revision: number; failing: boolean } } };
    expect(health.forward.regionalConfig).toMatchObject({ revision: 7, failing: false });
  });
});
