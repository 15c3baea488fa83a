import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import type { RegisterEntryResponse, RegisterListResponse } from '../shared/api/register.ts';
import {
  centralEnv,
  healthOf,
  integrityCheck,
  officeEnv,
  provisionCentral,
  provisionStaff,
  scalar,
  spawnHub,
  processTracker,
  staffProcessSession,
  stopGently,
  waitFor,
  type HubProcess,
} from './support/forward-stack.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';

/**
 * Issue 18: an entry typed on an office hub while the central is down is kept there, and once the
 * central is back it arrives exactly once, with its steps, through the same outbox as presses and
 * answers. Two real hub processes, the office's key issued on the central's database, a TCP proxy
 * in between so the central can stop and come back on another port.
 */
const OFFICE = 'sharya';
const hubs = processTracker();
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
  await hubs.stopAll();
});
const track = hubs.track;
const session = staffProcessSession;
const getAs = async <T>(s: { get(p: string): Promise<Response> }, p: string): Promise<T> => (await s.get(p)).json() as Promise<T>;

describe('register entries, office hub → central', () => {
  it('entries typed while the central is down (book of reviews, social poll, open resource) reach it exactly once after it comes back', { timeout: 120_000 }, async () => {
    const centralDir = mkdtempSync(path.join(tmpdir(), 'reg-c-'));
    const officeDir = mkdtempSync(path.join(tmpdir(), 'reg-o-'));
    const centralFile = path.join(centralDir, 'central.sqlite');
    const officeFile = path.join(officeDir, `office-${OFFICE}.sqlite`);
    const key = await provisionCentral(centralDir, OFFICE);
    await provisionStaff(centralFile, 'cx-analyst', [{ role: 'cx' }]);
    await provisionStaff(officeFile, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
    await provisionStaff(officeFile, 'head', [{ role: 'office-head', officeId: OFFICE }]);
    await provisionStaff(officeFile, 'press', [{ role: 'info' }]);
    let central = track(await spawnHub(centralEnv(centralDir)));
    const proxy = await startTcpProxy(central.port);
    running.push(proxy);
    const office = track(await spawnHub(officeEnv(officeDir, OFFICE, proxy.url, key)));

    await stopGently(central);
    const clerk = await session(office.url, 'clerk');
    const id = newRecordId();
    const entry = {
      id,
      officeId: OFFICE,
      receivedOn: new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10),
      details: { channel: 'book-of-reviews' },
      summary: 'Долго ждал в очереди у окна 2',
      tone: 'negative',
      author: { name: 'Иванов И. И.', address: 'г. Шарья, ул. Вокзальная, 5', contacts: null },
      answerOwed: true,
    };
    expect((await clerk.post('/api/register', entry)).status).toBe(201);
    // The form sent twice (a double click, a retry after a lost answer) stores it once.
    expect((await clerk.post('/api/register', entry)).status).toBe(200);
    const head = await session(office.url, 'head');
    expect((await head.post(`/api/register/${id}/steps`, { step: 'measures', text: 'Открыто третье окно в часы пик' })).status).toBe(201);
    // The press service (role «info») types a social-network poll (2.4) and a review found on an
    // open resource (2.5) on the same hub; the office head records measures on the review.
    const press = await session(office.url, 'press');
    const day = entry.receivedOn;
    const poll = { id: newRecordId(), officeId: OFFICE, receivedOn: day, details: { channel: 'social-poll', link: 'https://vk.com/wall-1_100', platform: 'ВКонтакте', question: 'Удобен ли вам график работы?', results: 'да — 40, нет — 12' }, summary: 'Большинство довольно графиком', tone: 'positive', author: null, answerOwed: false };
    const review = { id: newRecordId(), officeId: OFFICE, receivedOn: day, details: { channel: 'open-resource', link: 'https://yandex.ru/maps/org/1/reviews', platform: 'Яндекс Карты' }, summary: 'Грубый охранник на входе', tone: 'negative', author: null, answerOwed: false };
    for (const e of [poll, review]) {
      expect((await press.post('/api/register', e)).status).toBe(201);
      expect((await press.post('/api/register', e)).status).toBe(200);
    }
    expect((await head.post(`/api/register/${review.id}/steps`, { step: 'measures', text: 'Беседа с охранной организацией' })).status).toBe(201);
    expect((await press.post(`/api/register/${review.id}/steps`, { step: 'answered', on: day, summary: 'Благодарим за отзыв, меры приняты' })).status).toBe(201);
    // The press service follows only its own channels.
    expect((await press.post(`/api/register/${id}/steps`, { step: 'measures', text: 'не моё' })).status).toBe(403);
    await waitFor('the office to notice the central is gone', async () => (await healthOf(office.url)).forward?.failing === true, 30_000);
    expect((await healthOf(office.url)).forward?.backlog.count).toBe(6);

    central = track(await spawnHub(centralEnv(centralDir)));
    proxy.retarget(central.port);
    await waitFor('office outbox drained', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 60_000);

    const cx = await session(central.url, 'cx-analyst');
    const list = await getAs<RegisterListResponse>(cx, '/api/register?channel=book-of-reviews');
    expect(list.rows.map((r) => [r.id, r.officeId, r.status, r.openDue?.what])).toEqual([[id, OFFICE, 'measures', 'book-answer']]);
    const web = await getAs<RegisterListResponse>(cx, '/api/register?office=sharya');
    expect(web.total).toBe(3);
    const reviewSeen = await getAs<RegisterEntryResponse>(cx, `/api/register/${review.id}`);
    expect(reviewSeen.entry).toMatchObject({ channel: 'open-resource', status: 'answered', openedBy: 'press', details: review.details, answered: { summary: 'Благодарим за отзыв, меры приняты' } });
    expect(reviewSeen.entry.measures.map((m) => m.by)).toEqual(['head']);
    expect((await getAs<RegisterEntryResponse>(cx, `/api/register/${poll.id}`)).entry.details).toEqual(poll.details);
    expect(JSON.stringify(list)).not.toContain('Иванов');
    const detail = await getAs<RegisterEntryResponse>(cx, `/api/register/${id}`);
    expect(detail.entry.measures.map((m) => [m.text, m.by])).toEqual([['Открыто третье окно в часы пик', 'head']]);
    expect(detail.entry.openedBy).toBe('clerk');

    for (const r of running.splice(0).reverse()) await r.close();
    await hubs.stopAll();
    expect(scalar(centralFile, 'SELECT count(*) FROM register_event')).toBe(6);
    expect(scalar(centralFile, 'SELECT count(*) FROM register_entry')).toBe(3);
    expect(scalar(centralFile, 'SELECT count(*) FROM dead_letter')).toBe(0);
    expect(scalar(officeFile, 'SELECT count(*) FROM forward_dead_letter')).toBe(0);
    expect(scalar(officeFile, 'SELECT count(*) FROM outbox')).toBe(0);
    expect([integrityCheck(centralFile), integrityCheck(officeFile)]).toEqual(['ok', 'ok']);
  });
});
