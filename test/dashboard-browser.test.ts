import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { issuedDayFromIso } from '../shared/protocol/forward.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { FIXTURE_WEEK, moscowNov } from './support/known-answer-fixture.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { browserAs, staffSession, TEST_PASSWORD } from './support/staff-session.ts';
import type { RunningHub } from '../hub/server.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/**
 * Real headless Chromium (Debian's) on the real /dashboard of a central hub holding the
 * known-answer fixture: the table shows the hand-computed numbers, marks small samples and
 * offices without panel or answers, drills into an office, lists comments, and updates live.
 */
let browser: Browser;
let hub: RunningHub;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ clock: () => moscowNov(30, 12) }));
  // What the Шарья office hub reported with its forwarded batches: 5 QR slips on the 25th, 3 e-mails
  // on the 29th (the week), 7 on the 30th (the next week).
  const reported = hub.ctx.db.prepare("INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at) VALUES ('sharya', ?, ?, ?, 0)");
  for (const [date, channel, issued] of [['2026-11-25', 'visit-qr', 5], ['2026-11-29', 'email-link', 3], ['2026-11-30', 'visit-qr', 7]] as const) reported.run(issuedDayFromIso(date), channel, issued);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  // Through the real login page, as the analyst would: the dashboard sends an anonymous visitor there.
  await page.goto(`${hub.url}/dashboard?period=${FIXTURE_WEEK}`);
  await page.getByLabel('Логин').fill('analyst');
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

// Intl may write the minus as U+2212 and group digits with a no-break space.
const clean = (text: string | null) => (text ?? '').replace(/\u2212/g, '-').replace(/\s+/g, ' ').trim();
const cell = (office: string, metric: string) => page.locator(`#figures tr[data-office="${office}"] [data-metric="${metric}"]`);
const value = async (office: string, metric: string) => clean(await cell(office, metric).locator('.value').textContent());
const n = async (office: string, metric: string) => clean(await cell(office, metric).locator('.n').textContent());

describe('the CX dashboard in Chromium shows the fixture', () => {
  it('sharya: panel average 3,43 from 7 presses, distribution and 1 suppressed, small samples marked', async () => {
    expect(clean(await page.locator('#period-label').textContent())).toBe('неделя 23.11.2026–29.11.2026');
    expect(await value('sharya', 'panel')).toBe('≈ 3,43');
    expect(await n('sharya', 'panel')).toBe('n = 7');
    expect(await cell('sharya', 'panel').getAttribute('class')).toContain('small');
    expect(await cell('sharya', 'distribution').getAttribute('data-distribution')).toBe('1,1,1,2,2');
    expect(clean(await cell('sharya', 'suppressed').textContent())).toBe('1');
    expect([await value('sharya', 'csat'), await n('sharya', 'csat')]).toEqual(['≈ 60,0', 'n = 10']);
    expect([await value('sharya', 'nps'), await n('sharya', 'nps')]).toEqual(['≈ -33,3', 'n = 3']);
    expect([await value('sharya', 'ces'), await n('sharya', 'ces')]).toEqual(['≈ 3,33', 'n = 3']);
  });

  it('buy: 4,25 from 40 presses is not marked; no survey says "нет ответов"', async () => {
    expect([await value('buy', 'panel'), await n('buy', 'panel')]).toEqual(['4,25', 'n = 40']);
    expect(await cell('buy', 'panel').getAttribute('class')).not.toContain('small');
    expect(clean(await cell('buy', 'survey').textContent())).toBe('нет ответов');
  });

  it('offices without a panel or without presses are shown as such, every office is listed', async () => {
    expect(clean(await cell('kostroma', 'panel').textContent())).toBe('нет пульта');
    expect(clean(await cell('galich', 'panel').textContent())).toBe('нет нажатий');
    expect(await page.locator('#figures tbody tr').count()).toBe(25);
    expect([await value('kostroma', 'nps'), await n('kostroma', 'nps')]).toEqual(['≈ +50,0', 'n = 2']);
  });

  it('the region row pools everything: 4,13 from 47 presses, CSAT 58,8 % of 17', async () => {
    expect(clean(await page.locator('#figures tfoot th').textContent())).toBe('Итого по области');
    expect([await value('total', 'panel'), await n('total', 'panel')]).toEqual(['4,13', 'n = 47']);
    expect([await value('total', 'csat'), await n('total', 'csat')]).toEqual(['≈ 58,8', 'n = 17']);
    expect(await page.locator('#downloads a').first().getAttribute('href')).toBe(`/api/reports/weekly-panel/${FIXTURE_WEEK}.xlsx`);
  });

  it('drills into an office by desk, channel and service', async () => {
    await page.locator('#figures tr[data-office="sharya"] button').click();
    const drill = page.locator('#drill');
    await expect.poll(() => drill.getAttribute('data-office')).toBe('sharya');
    expect(clean(await drill.locator('h2').textContent())).toBe('Шарьинское отделение');
    const kiosk = drill.locator('tr[data-key="kiosk"] [data-metric="csat"]');
    expect(clean(await kiosk.locator('.value').textContent())).toBe('≈ 100,0');
    expect(clean(await drill.locator('tr[data-key="окно 2"] [data-metric="panel"] .n').textContent())).toBe('n = 3');
  });

  it('explains «Не засчитано», and writes the 95 % interval under the value on a phone', async () => {
    const header = page.locator('#figures thead .explained', { hasText: 'Не засчитано' });
    expect(await header.getAttribute('title')).toContain('повторные нажатия');
    expect(clean(await page.locator('#figures ~ .legend, .legend', { hasText: '«Не засчитано» —' }).first().textContent())).toContain('слишком скоро');
    const interval = cell('buy', 'panel').locator('.interval');
    expect(await interval.isVisible()).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await expect.poll(() => interval.isVisible()).toBe(true);
      expect(clean(await interval.textContent())).toMatch(/^95 %: \d,\d\d…\d,\d\d$/);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('lists the week\'s comments newest first, filters negative ones and searches', async () => {
    const comments = page.locator('#comments-list blockquote');
    await expect.poll(() => comments.allTextContents()).toEqual(['Ужасно', 'Сложно найти нужный кабинет', 'Долго ждал в очереди', 'Всё хорошо', 'Спасибо, быстро']);
    await page.selectOption('#comments-tone', 'negative');
    await page.fill('#comments-search', 'КАБИНЕТ');
    await page.click('#comments-form button[type="submit"]');
    await expect.poll(() => comments.allTextContents()).toEqual(['Сложно найти нужный кабинет']);
    expect(await page.locator('#comments-export').getAttribute('href')).toContain('tone=negative');
    // Taken into work (issue 18): the comment becomes a register entry, and the feed links to it.
    const item = page.locator('#comments-list li', { hasText: 'Сложно найти нужный кабинет' });
    await item.getByRole('button', { name: 'Взять в работу' }).click();
    await expect.poll(() => item.locator('.in-work a').textContent()).toBe('В работе');
    expect(await item.locator('.in-work a').getAttribute('href')).toMatch(/^\/register\/[0-9a-f-]{36}$/);
  });

  it('draws the trend with uPlot, named for screen readers, with a data table', async () => {
    const chart = page.locator('#trend-chart [role="img"]');
    await chart.locator('canvas').first().waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Средний балл пульта');
    expect(await page.locator('#trend-chart details tbody tr').count()).toBe(12);
  });

  it('monitors negative feedback for the period: by channel with n and interval, the main topic, the internal XLSX', async () => {
    const panel = page.locator('#negative-channels tr', { has: page.locator('th', { hasText: 'Пульт оценки' }) });
    await panel.waitFor();
    // 47 counted presses, 2 of them 1–2 (Шарья); 34 of 4–5
    expect(clean(await panel.locator('td').nth(1).textContent())).toContain('2 из 47');
    expect(clean(await panel.locator('td').nth(2).textContent())).toContain('34 из 47');
    expect(clean(await page.locator('.negative ol.topics li[data-topic="queue"]').textContent())).toMatch(/^Очередь и ожидание: 1 \(33,3 %/);
    expect(await page.locator('section[aria-labelledby="negative-title"] a', { hasText: 'XLSX' }).getAttribute('href')).toBe(`/api/analysis/negative/${FIXTURE_WEEK}.xlsx`);
    expect(clean(await page.locator('.negative > p.calm').first().textContent())).toContain('не подлежит опубликованию');
  });

  it('shows on the central how many invitations each office issued (as its hub reported), how many were answered, and the rate', async () => {
    const row = (office: string) => page.locator(`#invitations tr[data-office="${office}"] td`);
    await expect.poll(async () => (await row('sharya').allTextContents()).map(clean)).toEqual(['8', '2', '25 %']);
    expect((await row('kostroma').allTextContents()).map(clean)).toEqual(['0', '1', '—']);
    expect(clean(await page.locator('section[aria-labelledby="invitations-title"] .calm').textContent())).toContain('сообщают хабы отделов');
  });

  it('a press stored through the ingest API updates the open table without reload', async () => {
    await expect.poll(() => page.locator('#live-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    const token = await registerDeviceNow(hub.ctx, { id: 'buy-driver', officeId: 'buy', kind: 'panel-driver', name: 'Пульты' }, moscowNov(30));
    const press = { kind: 'press', id: newRecordId(), officeId: 'buy', deviceId: 'buy-driver', bornAt: new Date(moscowNov(27, 10)).toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: '1', score: 1, suppressed: null };
    const res = await fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records: [press] }) });
    expect(res.status).toBe(200);
    // 170 + 1 over 41
    await expect.poll(() => n('buy', 'panel'), { timeout: 15_000 }).toBe('n = 41');
    expect(await value('buy', 'panel')).toBe('4,17');
    expect(problems).toEqual([]);
  });

  it('a director sees the figures without the comments and alerts sections, and no error', async () => {
    const director = await staffSession(hub, 'director', [{ role: 'director' }]);
    const context = await browserAs(browser, hub.url, director, { viewport: { width: 1400, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    const other = await context.newPage();
    const refused: string[] = [];
    other.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()}: ${r.url()}`); });
    await other.goto(`${hub.url}/dashboard?period=${FIXTURE_WEEK}`);
    await other.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await other.locator('#figures tr[data-office="sharya"]').count()).toBe(1);
    expect(await other.locator('#comments-title').count()).toBe(0);
    expect(await other.locator('#alerts-title').count()).toBe(0);
    expect(await other.locator('#period-error').isHidden()).toBe(true);
    expect(refused).toEqual([]);
    await context.close();
  });
});
