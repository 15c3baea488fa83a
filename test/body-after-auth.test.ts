import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { createLogger } from '../shared/logger.ts';
import { COMMENT_MAX_LENGTH } from '../shared/surveys.ts';
import { readHubConfig } from '../hub/config.ts';
import { issueOfficeKey } from '../hub/central/office-keys.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { FORWARD_PATH, HUB_HEADER } from '../shared/protocol/wire.ts';
import { newNonce, signRequest } from '../shared/protocol/forward-signature.ts';
import { FORWARD_BODY_LIMIT, INGEST_BODY_LIMIT } from '../hub/http/body-limits.ts';
import { MAX_JSON_DEPTH } from '../hub/http/request-body.ts';
import { startHub, type RunningHub } from '../hub/server.ts';

/**
 * Issue 12, finding 1: a hub reads a request's body only after the route's guard has let it in.
 * A stranger's large or deeply nested body is refused 401 unparsed; the proof that it is not even
 * read is an answer that comes while the body is still being sent. Past the guard, each route
 * reads at most what its largest legitimate body needs, and refuses JSON nested too deep.
 */
const logger = createLogger('test', { level: 'silent', pretty: false });
const MiB = 1024 * 1024;

async function start(role: 'office' | 'central'): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: role, OFFICE_ID: 'sharya', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'body-auth-')), PORT: '0' });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger });
}

/**
 * Announces `declaredBytes` of body, sends only the first 64 KiB and waits for the answer. A server
 * that reads the body before answering never answers (the test's timeout fails it).
 */
function answerBeforeBodyEnds(url: string, urlPath: string, headers: Record<string, string>, declaredBytes: number): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const req = request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(declaredBytes) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    req.write(Buffer.alloc(64 * 1024, '['));
  });
}

const post = (url: string, headers: Record<string, string>, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const nested = (depth: number) => `{"records":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** A kiosk's largest batch: 100 responses, every text at its limit in characters JSON writes as six bytes. */
function largestKioskBatch(): string {
  const six = '\u0001';
  const records = Array.from({ length: 100 }, () => ({
    kind: 'response',
    id: newRecordId(),
    officeId: 'sharya',
    deviceId: 'kiosk-1',
    bornAt: new Date().toISOString(),
    channel: 'kiosk',
    answers: { csat1: 5, csat2: 5, csat3: 5, ces: 5, nps: 10 },
    comment: `x${six.repeat(COMMENT_MAX_LENGTH - 2)}x`,
    serviceId: 'vacancies',
    desk: `x${six.repeat(58)}x`,
    complete: true,
  }));
  return JSON.stringify({ records });
}

describe('an office hub reads a body only past the guard', () => {
  let hub: RunningHub;
  let token: string;
  beforeAll(async () => {
    hub = await start('office');
    token = await registerDeviceNow(hub.ctx, { id: 'kiosk-1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск' }, Date.now());
  });
  afterAll(async () => hub.close());

  it('a stranger posting 2 MiB to /api/ingest is refused 401 before the body has been sent', async () => {
    const answer = await answerBeforeBodyEnds(hub.url, '/api/ingest', {}, 2 * MiB);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'unauthorized' });
    // Nor read after the answer: the connection closes instead of draining 2 MiB.
    expect(answer.connection).toBe('close');
    // A small refused body is drained and the connection kept.
    const small = await post(`${hub.url}/api/ingest`, {}, '{"records":[]}');
    expect(small.status).toBe(401);
    expect(small.headers.get('connection')).not.toBe('close');
  });

  it('a stranger\'s whole body of nested brackets or broken JSON is refused 401, never parsed', async () => {
    for (const body of ['['.repeat(2 * MiB - 64), `[${'{},'.repeat(600_000)}`]) {
      const res = await post(`${hub.url}/api/ingest`, {}, body);
      expect(res.status).toBe(401);
    }
    expect(hub.ctx.refusals.get('malformed-json')).toBeUndefined();
    expect(hub.ctx.refusals.get('too-large')).toBeUndefined();
  });

  it('a device gets at most 1 MiB and nesting to a fixed depth; the largest kiosk batch fits', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const tooLarge = await post(`${hub.url}/api/ingest`, auth, `{"records":[${'1,'.repeat(INGEST_BODY_LIMIT / 2)}1]}`);
    expect(tooLarge.status).toBe(413);
    const tooDeep = await post(`${hub.url}/api/ingest`, auth, nested(MAX_JSON_DEPTH));
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({ error: 'too-deep' });

    const largest = largestKioskBatch();
    expect(Buffer.byteLength(largest)).toBeLessThanOrEqual(INGEST_BODY_LIMIT);
    const stored = await post(`${hub.url}/api/ingest`, auth, largest);
    expect(stored.status).toBe(200);
  });

  it('staff routes read their body after the session check: a stranger\'s JSON is never parsed', async () => {
    const answer = await answerBeforeBodyEnds(hub.url, '/api/admin/users', {}, 2 * MiB);
    expect(answer.status).toBe(401);
  });
});

describe('the central reads a forwarded body only for a known key, and parses it only once signed', () => {
  let central: RunningHub;
  let key: { keyId: string; secret: string };
  beforeAll(async () => {
    central = await start('central');
    const issued = await issueOfficeKey(central.ctx.sql, central.ctx.offices.find('sharya'), Date.now());
    if (!issued.ok) throw new Error(issued.reason);
    key = issued.value;
  });
  afterAll(async () => central.close());

  const signedHeaders = (body: Buffer | string, keyId = key.keyId, secret = key.secret): Record<string, string> => {
    const timestamp = Date.now();
    const nonce = newNonce();
    return {
      [HUB_HEADER.keyId]: keyId,
      [HUB_HEADER.timestamp]: String(timestamp),
      [HUB_HEADER.nonce]: nonce,
      [HUB_HEADER.signature]: signRequest(secret, { method: 'POST', path: FORWARD_PATH, timestamp, nonce, keyId, body: Buffer.from(body) }),
    };
  };

  it('unsigned, or signed with an unknown key: refused 401 before the body has been sent', async () => {
    const unsigned = await answerBeforeBodyEnds(central.url, FORWARD_PATH, {}, 2 * MiB);
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body)).toMatchObject({ refusal: 'unsigned' });
    const unknown = await answerBeforeBodyEnds(central.url, FORWARD_PATH, signedHeaders('x', 'sharya.000000000000'), 2 * MiB);
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body)).toMatchObject({ refusal: 'unknown-key' });
  });

  it('a body signed with a wrong secret is refused 401 without being parsed', async () => {
    const body = '['.repeat(MiB);
    const res = await post(`${central.url}${FORWARD_PATH}`, signedHeaders(body, key.keyId, 'not-the-secret'), body);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ refusal: 'bad-signature' });
    expect(central.ctx.refusals.get('malformed-json')).toBeUndefined();
  });

  it('a signed body is held to the forward limit and the nesting depth', async () => {
    const atLimit = `{"records":[],"backlog":{"count":0,"oldestReceivedAt":null},"pad":"${'x'.repeat(FORWARD_BODY_LIMIT - 69)}"}`;
    expect(Buffer.byteLength(atLimit)).toBe(FORWARD_BODY_LIMIT);
    const fits = await post(`${central.url}${FORWARD_PATH}`, signedHeaders(atLimit), atLimit);
    // Read in full and parsed: refused by the batch schema (the unknown member), not by its size.
    expect(fits.status).toBe(400);
    expect(await fits.json()).toMatchObject({ error: 'invalid-batch' });

    const over = `${atLimit} `;
    expect((await post(`${central.url}${FORWARD_PATH}`, signedHeaders(over), over)).status).toBe(413);

    const deep = nested(MAX_JSON_DEPTH);
    const tooDeep = await post(`${central.url}${FORWARD_PATH}`, signedHeaders(deep), deep);
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({ error: 'too-deep' });
  });
});
