import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { ensureKioskBuilt, KIOSK_DIST } from './support/kiosk-build.ts';
import { OFFICE, startKioskHub } from './support/kiosk-harness.ts';

/**
 * The hub compresses what it sends as text, as a browser asks for it: Brotli first, then gzip,
 * nothing for a client that asks for nothing. Read over raw HTTP so the bytes on the wire are seen
 * (fetch would undo the encoding out of sight). The kiosk app's own bundle is the case that matters.
 */
let hub: RunningHub;
let appJs: string;

beforeAll(async () => {
  await ensureKioskBuilt();
  hub = await startKioskHub();
  appJs = readdirSync(path.join(KIOSK_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
}, 180_000);
afterAll(async () => hub?.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(pathname: string, acceptEncoding: string | null): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${hub.url}${pathname}`, { headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed answers', () => {
  it('the kiosk app’s JavaScript goes as Brotli to a browser that takes it, gzip to one that takes only gzip, plain otherwise', async () => {
    const original = readFileSync(path.join(KIOSK_DIST, 'assets', appJs));
    const br = await get(`/kiosk/assets/${appJs}`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(original.length * 0.45);

    const gzip = await get(`/kiosk/assets/${appJs}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const plain = await get(`/kiosk/assets/${appJs}`, null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('its styles and the service worker are compressed too; the service worker is still revalidated on every load', async () => {
    const sw = await get('/kiosk/sw.js', 'br, gzip');
    expect(sw.status).toBe(200);
    expect(sw.headers['content-encoding']).toBe('br');
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(sw.body).equals(readFileSync(path.join(KIOSK_DIST, 'sw.js')))).toBe(true);
    const css = readdirSync(path.join(KIOSK_DIST, 'assets')).find((f) => f.endsWith('.css'))!;
    expect((await get(`/kiosk/assets/${css}`, 'gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('leaves small answers alone (the kiosk page itself is one), and socket.io’s own transport works beside it', async () => {
    const page = await get('/kiosk/', 'br, gzip');
    expect(page.body.length).toBeLessThan(1024);
    expect(page.headers['content-encoding']).toBeUndefined();
    const office = await get(`/api/public/offices/${OFFICE}`, 'br, gzip');
    expect(office.status).toBe(200);
    expect(office.headers['content-encoding'] === undefined).toBe(office.body.length < 1024);
    const health = await get('/health', 'br, gzip');
    expect(health.status).toBe(200);
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
    const polling = await get('/socket.io/?EIO=4&transport=polling', 'br, gzip');
    expect(polling.status).toBe(200);
    expect(polling.headers['content-encoding']).toBeUndefined();
    expect(polling.body.toString('utf8')).toMatch(/^0\{"sid":/);
  });
});
