import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { parseIngestAck } from '../shared/protocol/ingest.ts';
import { readHubConfig } from '../hub/config.ts';
import { issueOfficeKey, revokeOfficeKeys } from '../hub/central/office-keys.ts';
import { newNonce, signRequest, signResponse } from '../shared/protocol/forward-signature.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { press } from './support/forward-stack.ts';
import { FORWARD_PATH, HUB_HEADER } from '../shared/protocol/wire.ts';

/**
 * The central's door for office hubs, over real HTTP: only a request signed with a live key,
 * with a fresh timestamp, seen for the first time, and with the body it was signed over, gets in.
 */
let central: RunningHub;
let dataDir: string;
let key: { keyId: string; secret: string };
const logger = createLogger('test', { level: 'silent', pretty: false });

async function startCentral(): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: 'central', DATA_DIR: dataDir, PORT: '0' });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger });
}

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'fwd-auth-'));
  central = await startCentral();
  const issued = await issueOfficeKey(central.ctx.sql, central.ctx.offices.find('sharya'), Date.now());
  if (!issued.ok) throw new Error(issued.reason);
  key = issued.value;
});
afterEach(async () => {
  await central.close();
});

interface Signed {
  headers: Record<string, string>;
  body: string;
  signature: string;
}

function sign(body: string, over: { timestamp?: number; keyId?: string; secret?: string } = {}): Signed {
  const timestamp = over.timestamp ?? Date.now();
  const nonce = newNonce();
  const keyId = over.keyId ?? key.keyId;
  const signature = signRequest(over.secret ?? key.secret, { method: 'POST', path: FORWARD_PATH, timestamp, nonce, keyId, body });
  return {
    body,
    signature,
    headers: {
      'content-type': 'application/json',
      [HUB_HEADER.keyId]: keyId,
      [HUB_HEADER.timestamp]: String(timestamp),
      [HUB_HEADER.nonce]: nonce,
      [HUB_HEADER.signature]: signature,
    },
  };
}

const post = (signed: Signed, body = signed.body) => fetch(`${central.url}${FORWARD_PATH}`, { method: 'POST', headers: signed.headers, body });
const batchOf = (...records: unknown[]) => JSON.stringify({ records, backlog: { count: 0, oldestReceivedAt: null } });
const refusals = async () => ((await (await fetch(`${central.url}/health`)).json()) as { refusals: Record<string, number> }).refusals;

describe('office hub → central authentication', () => {
  it('a correctly signed batch is stored and the answer is signed back with the office key', async () => {
    const record = press('sharya', 'drv');
    const signed = sign(batchOf(record));
    const res = await post(signed);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(res.headers.get(HUB_HEADER.signature)).toBe(signResponse(key.secret, signed.signature, 200, text));
    const ack = parseIngestAck(text, [record.id]);
    expect(ack.ok && ack.acked.get(record.id)).toBe('stored');
  });

  it('a tampered body is refused (401) and nothing is stored', async () => {
    const record = press('sharya', 'drv', 1);
    const signed = sign(batchOf(record));
    const res = await post(signed, batchOf({ ...record, score: 5, button: '5' }));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ refusal: 'bad-signature' });
    expect(central.ctx.db.prepare('SELECT count(*) FROM press').pluck().get()).toBe(0);
  });

  it('a timestamp more than 300 s off is refused, in either direction', async () => {
    for (const skew of [-301_000, 301_000]) {
      const res = await post(sign(batchOf(press('sharya', 'drv')), { timestamp: Date.now() + skew }));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ refusal: 'stale-timestamp' });
    }
  });

  it('a replayed request is refused, also after the central restarts', async () => {
    const signed = sign(batchOf(press('sharya', 'drv')));
    expect((await post(signed)).status).toBe(200);
    const again = await post(signed);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ refusal: 'replayed' });

    await central.close();
    central = await startCentral();
    const afterRestart = await post(signed);
    expect(afterRestart.status).toBe(401);
    expect(await afterRestart.json()).toMatchObject({ refusal: 'replayed' });
  });

  it('a revoked key is refused with 403; an unknown key or a wrong secret with 401', async () => {
    await revokeOfficeKeys(central.ctx.sql, 'sharya', Date.now());
    const revoked = await post(sign(batchOf(press('sharya', 'drv'))));
    expect(revoked.status).toBe(403);
    expect(await revoked.json()).toMatchObject({ refusal: 'revoked-key' });

    const unknown = await post(sign(batchOf(press('sharya', 'drv')), { keyId: 'sharya.000000000000' }));
    expect(unknown.status).toBe(401);
    const other = await issueOfficeKey(central.ctx.sql, central.ctx.offices.find('sharya'), Date.now());
    if (!other.ok) throw new Error(other.reason);
    const wrongSecret = await post(sign(batchOf(press('sharya', 'drv')), { keyId: other.value.keyId, secret: key.secret }));
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ refusal: 'bad-signature' });
  });

  it('an unsigned request is refused, and every refusal is counted', async () => {
    const res = await fetch(`${central.url}${FORWARD_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batchOf(press('sharya', 'drv')) });
    expect(res.status).toBe(401);
    await post(sign(batchOf(press('sharya', 'drv')), { timestamp: Date.now() - 400_000 }));
    expect(await refusals()).toMatchObject({ 'office-hub-unsigned': 1, 'office-hub-stale-timestamp': 1 });
  });

  it("an office key speaks only for its own office: another office's records are refused as invalid", async () => {
    const signed = sign(batchOf(press('buy', 'drv')));
    const res = await post(signed);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid-records', invalid: [{ index: 0, reason: expect.stringMatching(/buy/) }] });
  });
});
