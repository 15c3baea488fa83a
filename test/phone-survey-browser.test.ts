import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { axe, STAFF_VIEW } from './support/axe.ts';

/**
 * The phone survey in Chromium on a real central: the CX analyst makes a campaign, loads a call
 * list saved by Excel in Windows-1251 (a broken line is named first, then the fixed file loads),
 * calls a client and types in the answers, and closes the campaign; axe finds no serious problem.
 */
let hub: RunningHub;
let browser: Browser;
beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false, env: { ROLE: 'central' } }));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = STAFF_VIEW;

/** Windows-1251 bytes of Cyrillic and ASCII text, as Excel in a Russian locale saves «CSV». */
const cp1251 = (text: string): Buffer => Buffer.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : c.charCodeAt(0) - 0x410 + 0xc0)));

describe('the phone survey in Chromium', () => {
  it('campaign, call list in Windows-1251, one call answered, campaign closed', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const cx = await staffSession(hub, 'cx-analyst', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    const dir = mkdtempSync(path.join(tmpdir(), 'phone-csv-'));
    const broken = path.join(dir, 'broken.csv');
    const good = path.join(dir, 'good.csv');
    writeFileSync(broken, cp1251(`Телефон;Отдел;Дата\r\n89030000001;Шарьинское отделение;${today}\r\n12345;Шарьинское отделение;${today}\r\n`));
    writeFileSync(good, cp1251(`Телефон;Отдел;Дата\r\n89030000001;Шарьинское отделение;${today}\r\n89030000002;Буйское отделение;${today}\r\n`));

    await page.goto(`${hub.url}/staff`);
    await page.getByRole('link', { name: 'Телефонный опрос' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Телефонный опрос' }).waitFor();
    await page.getByText('Кампаний пока нет.').waitFor();
    await page.getByText('Новая кампания').click();
    await page.getByLabel('Название').fill('Обзвон декабря');
    await page.getByLabel('Сценарий разговора').fill('Здравствуйте! Центр занятости, опрос о качестве услуг.');
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('heading', { level: 2, name: 'Обзвон декабря' }).waitFor();

    await page.getByLabel('Загрузить список для обзвона (CSV)').setInputFiles(broken);
    await expect.poll(() => page.locator('#phone-list-problems').textContent()).toContain('строка 3, телефон: «12345»');
    await page.getByLabel('Загрузить список для обзвона (CSV)').setInputFiles(good);
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('Загружено: 2');
    await axe(page, findings);

    const row = page.locator('tbody tr', { hasText: '+79030000001' });
    await row.getByRole('button', { name: 'Позвонить' }).click();
    await page.getByRole('heading', { level: 3, name: /Звонок/ }).waitFor();
    await page.getByRole('button', { name: 'Ответил — сохранить анкету' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Отметьте хотя бы одну оценку');
    for (const [name, value] of [['phone-csat1', '5'], ['phone-csat2', '4'], ['phone-csat3', '5'], ['phone-ces', '4'], ['phone-nps', '10']] as const) {
      await page.locator(`input[name="${name}"][value="${value}"]`).check();
    }
    await page.getByLabel(/Что клиент сказал/).fill('Спасибо, всё быстро');
    await axe(page, findings);
    await page.getByRole('button', { name: 'Ответил — сохранить анкету' }).click();
    await expect.poll(() => row.textContent()).toContain('ответил');
    expect(hub.ctx.db.prepare("SELECT csat1, nps, comment, channel FROM response").all()).toEqual([{ csat1: 5, nps: 10, comment: 'Спасибо, всё быстро', channel: 'phone-call' }]);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Закрыть кампанию и удалить номера' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('удалено номеров: 2');
    await expect.poll(() => page.locator('tbody').textContent()).not.toContain('+7903');
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
