import { mkdtempSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createLogger } from '../../shared/logger.ts';
import { SURVEY_QUESTIONS } from '../../shared/surveys.ts';
import { readHubConfig } from '../../hub/config.ts';
import { registerDeviceNow } from '../../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

/**
 * The real parts of the kiosk's browser tests: an office hub on 127.0.0.1, a proxy in front of it
 * that can play a broken network (500s, a captive portal's HTML 200, dropped or stalled
 * connections, the hub gone), and Debian's Chromium with a persistent profile. The kiosk's origin is
 * the proxy's, so the hub can stop and start again behind it without the kiosk losing its
 * IndexedDB or its service worker.
 */
export const OFFICE = 'sharya';
export const PIN = '2468';

export async function startKioskHub(dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-hub-'))): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: dataDir, PORT: '0', OFFICE_ID: OFFICE, LOG_LEVEL: 'silent' });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger: createLogger('kiosk-test', { level: 'silent', pretty: false }) });
}

export async function registerKiosk(hub: RunningHub, id = 'sharya-kiosk-1'): Promise<string> {
  return registerDeviceNow(hub.ctx, { id, officeId: OFFICE, kind: 'kiosk', name: 'Киоск у входа' }, Date.now());
}

export type ProxyMode = 'pass' | 'error-500' | 'html-200' | 'drop' | 'stall';

export interface FaultyProxy {
  url: string;
  mode: ProxyMode;
  /** Ingest requests seen, with the record ids each carried. */
  ingests: { mode: ProxyMode; ids: string[] }[];
  close(): Promise<void>;
}

/** Forwards to whatever `target()` says (null: the hub is stopped, connections are refused). */
export async function startFaultyProxy(target: () => string | null): Promise<FaultyProxy> {
  const proxy: FaultyProxy = { url: '', mode: 'pass', ingests: [], close: async () => undefined };
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const ingest = req.url?.startsWith('/api/ingest') ?? false;
    const mode = ingest ? proxy.mode : 'pass';
    if (ingest) proxy.ingests.push({ mode, ids: recordIds(body) });
    const to = target();
    if (mode === 'stall') return;
    if (mode === 'drop' || !to) return void req.socket.destroy();
    if (mode === 'error-500') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"ok":false,"error":"internal","reason":"внутренняя ошибка"}');
    const upstream = request(`${to}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(to).host } }, (answer) => {
      if (mode === 'html-200') {
        // The hub did store the batch; the portal swallowed its answer. The resend must be harmless.
        answer.resume();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Авторизация в сети Wi-Fi</h1></body></html>');
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  }
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

function recordIds(body: Buffer): string[] {
  try {
    return ((JSON.parse(body.toString('utf8')) as { records: { id: string }[] }).records ?? []).map((r) => r.id);
  } catch {
    return [];
  }
}

export async function launchKioskBrowser(options: { profileDir?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  return { context, profileDir };
}

export async function poll<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

export interface StoredResponse {
  id: string;
  office_id: string;
  device_id: string;
  channel: string;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
  comment: string | null;
  service_id: string | null;
  desk: string | null;
  complete: number;
}

export const storedResponses = (hub: RunningHub): StoredResponse[] => hub.ctx.db.prepare('SELECT * FROM response ORDER BY id').all() as StoredResponse[];

/** The setup screen, as the АХО technician fills it in. */
export async function bindKiosk(page: Page, key: string, pin = PIN): Promise<void> {
  await page.getByLabel('Код привязки или ключ устройства').fill(key);
  await page.getByLabel('Новый PIN сотрудника (4–8 цифр) для служебного выхода').fill(pin);
  await page.getByLabel('Повторите PIN').fill(pin);
  await page.getByRole('button', { name: 'Подключить киоск' }).click();
  await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
}

export interface SurveyAnswers {
  scores: [number, number, number, number, number];
  comment?: string | undefined;
  service?: string | null | undefined;
}

/** A client taking the survey by touch, one screen at a time. */
export async function takeSurvey(page: Page, answers: SurveyAnswers): Promise<void> {
  await page.getByRole('button', { name: 'Начать опрос' }).click();
  for (const [i, question] of SURVEY_QUESTIONS.entries()) {
    await page.locator('h1', { hasText: question.text }).waitFor();
    await page.locator('.scale-button', { hasText: new RegExp(`^${answers.scores[i]}$`) }).click();
  }
  await page.locator('h1', { hasText: 'Хотите что-нибудь добавить?' }).waitFor();
  if (answers.comment) await page.locator('#comment').fill(answers.comment);
  // The comment's button sends the answers when it is the last step.
  const service = answers.service;
  await page.getByRole('button', { name: service === undefined ? 'Отправить ответы' : answers.comment ? 'Далее' : 'Пропустить' }).click();
  if (service !== undefined) {
    await page.locator('h1', { hasText: 'О какой услуге Ваш отзыв?' }).waitFor();
    if (service !== null) await page.getByRole('button', { name: service, exact: true }).click();
    await page.getByRole('button', { name: 'Отправить ответы' }).click();
  }
  await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
}

/** What the page's IndexedDB holds: drafts and outbox entries by state. */
export function kioskStorage(page: Page): Promise<{ drafts: number; pending: number; refused: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('czn-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['draft', 'outbox'], 'readonly');
          const drafts = tx.objectStore('draft').count();
          const outbox = tx.objectStore('outbox').getAll();
          tx.oncomplete = () => {
            const entries = outbox.result as { state: string }[];
            resolve({ drafts: drafts.result, pending: entries.filter((e) => e.state === 'pending').length, refused: entries.filter((e) => e.state === 'refused').length });
            db.close();
          };
        };
      }),
  );
}
