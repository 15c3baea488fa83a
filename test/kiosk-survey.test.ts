import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { staffFetch } from './support/kiosk-staff.ts';
import {
  bindKiosk,
  kioskStorage,
  launchKioskBrowser,
  OFFICE,
  PIN,
  poll,
  registerKiosk,
  startFaultyProxy,
  startKioskHub,
  storedResponses,
  takeSurvey,
  type FaultyProxy,
} from './support/kiosk-harness.ts';

/**
 * The kiosk survey in Chromium against a real office hub: registration, a full survey stored once
 * with every answer, the idle reset keeping a partial response, the PIN-guarded staff exit, and
 * phone mode from a link. One browser for the whole file; the timings are shortened by URL.
 */
let hub: RunningHub;
let proxy: FaultyProxy;
let context: BrowserContext;
let page: Page;
let token: string;
const KIOSK_URL = () => `${proxy.url}/kiosk/?t.idle=2&t.thanks=60&t.backoff=50&t.backoffCap=500&t.heartbeat=2`;

beforeAll(async () => {
  await ensureKioskBuilt();
  hub = await startKioskHub();
  proxy = await startFaultyProxy(() => hub.url);
  token = await registerKiosk(hub);
  ({ context } = await launchKioskBrowser());
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error('kiosk page error:', error.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await proxy?.close();
  await hub?.close();
});

describe('kiosk survey', () => {
  it('refuses a wrong key with a clear message, then binds to the office with the right one', async () => {
    await page.goto(KIOSK_URL());
    await page.getByRole('heading', { name: 'Настройка киоска' }).waitFor();
    await page.getByLabel('Код привязки или ключ устройства').fill('czn_dev_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByLabel('Новый PIN сотрудника (4–8 цифр) для служебного выхода').fill(PIN);
    await page.getByLabel('Повторите PIN').fill(PIN);
    await page.getByRole('button', { name: 'Подключить киоск' }).click();
    await page.getByText('Хаб не принял ключ').waitFor();

    await bindKiosk(page, token);
    expect(await page.getByText('Шарьинское отделение').isVisible()).toBe(true);
    expect(await page.getByText('Опрос анонимный').isVisible()).toBe(true);
    expect(await page.getByText('письменное обращение').isVisible()).toBe(true);
  });

  it('a full survey is stored once at the hub with all answers, the office and the channel', async () => {
    await page.goto(KIOSK_URL());
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    // Back works and the progress shows where the client is.
    await page.locator('.scale-button', { hasText: /^2$/ }).click();
    await page.getByText('Вопрос 2 из 7').waitFor();
    await page.getByRole('button', { name: 'Назад' }).click();
    await page.getByText('Вопрос 1 из 7').waitFor();
    expect(await page.getByRole('button', { name: '2', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Завершить опрос' }).waitFor();
    for (const v of [4, 5, 3, 4, 9]) await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    // The comment typed on the on-screen keyboard: shift comes on by itself at the start.
    for (const key of ['о', 'ч', 'е', 'р', 'е', 'д', 'ь']) await page.getByRole('group', { name: 'Экранная клавиатура' }).getByRole('button', { name: new RegExp(`^${key}$`, 'i') }).click();
    await page.getByRole('button', { name: 'стереть' }).click();
    await page.getByRole('button', { name: 'пробел' }).click();
    expect(await page.locator('#comment').inputValue()).toBe('Очеред ');
    await page.getByRole('button', { name: 'Далее' }).click();
    // A tap on a service marks it and nothing more: a second tap clears it, another service replaces it.
    const benefit = page.getByRole('button', { name: 'Пособие по безработице' });
    await page.getByRole('button', { name: 'Подбор вакансий' }).click();
    await benefit.click();
    await benefit.click();
    expect(await benefit.getAttribute('aria-pressed')).toBe('false');
    await benefit.click();
    expect(await page.getByRole('button', { name: 'Подбор вакансий' }).getAttribute('aria-pressed')).toBe('false');
    expect(await benefit.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByText('Вопрос 7 из 7').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Отправить ответы' }).click();
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();

    const [stored] = await poll('the response at the hub', () => storedResponses(hub), (rows) => rows.length === 1);
    expect(stored).toMatchObject({
      office_id: OFFICE,
      device_id: 'sharya-kiosk-1',
      channel: 'kiosk',
      csat1: 4,
      csat2: 5,
      csat3: 3,
      ces: 4,
      nps: 9,
      comment: 'Очеред',
      service_id: 'unemployment-benefit',
      desk: null,
      complete: 1,
    });
    await poll('the outbox to empty', () => kioskStorage(page), (s) => s.pending === 0 && s.drafts === 0);
    const sent = proxy.ingests.flatMap((i) => i.ids).filter((id) => id === stored!.id);
    expect(sent).toHaveLength(1);
  });

  it('sends a heartbeat with version, backlog and last sync for the АХО board', async () => {
    const row = await poll(
      'a kiosk heartbeat after the first delivery',
      () => hub.ctx.db.prepare("SELECT body FROM heartbeat WHERE device_id = 'sharya-kiosk-1' ORDER BY born_at DESC LIMIT 1").get() as { body: string } | undefined,
      (r) => r !== undefined && JSON.parse(r.body).lastSyncAt !== null,
    );
    expect(JSON.parse(row!.body)).toMatchObject({ deviceKind: 'kiosk', version: '0.1.0', backlog: 0, panels: [], officeId: OFFICE });
  });

  it('idle reset: a client who walks away leaves a partial response and a clean welcome screen', async () => {
    await page.goto(KIOSK_URL());
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.locator('.scale-button', { hasText: /^1$/ }).click();
    await page.locator('.scale-button', { hasText: /^2$/ }).click();
    await page.getByText('Вопрос 3 из 7').waitFor();
    await page.getByRole('button', { name: 'Начать опрос' }).waitFor({ timeout: 15_000 });
    const partial = await poll('the partial response', () => storedResponses(hub).filter((r) => r.complete === 0), (rows) => rows.length === 1);
    expect(partial[0]).toMatchObject({ csat1: 1, csat2: 2, csat3: null, ces: null, nps: null, comment: null, complete: 0 });

    // A PIN pad opened by a stray long press closes by itself too.
    await page.keyboard.press('Control+Alt+KeyS');
    await page.getByRole('dialog', { name: 'Служебный вход' }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('a reload mid-survey keeps the answers and comes back to the same question', async () => {
    await page.goto(KIOSK_URL().replace('t.idle=2', 't.idle=120'));
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.locator('.scale-button', { hasText: /^5$/ }).click();
    await page.getByText('Вопрос 2 из 7').waitFor();
    await poll('the draft on disk', () => kioskStorage(page), (s) => s.drafts === 1);
    await page.reload();
    await page.getByText('Вопрос 2 из 7').waitFor();
    // «Завершить опрос» asks first; staying changes nothing.
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Завершить опрос?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Продолжить опрос' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByText('Вопрос 2 из 7').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await confirm.getByRole('button', { name: 'Завершить', exact: true }).click();
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    await poll('the resumed response', () => storedResponses(hub).filter((r) => r.csat1 === 5 && r.csat2 === null), (rows) => rows.length === 1);
  });

  it('the staff exit needs the PIN: a wrong one is refused, the right one opens the staff menu, which fetches a new service list', async () => {
    await page.goto(KIOSK_URL().replace('t.idle=2', 't.idle=120'));
    await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
    // The hidden corner: a 3-second press at the top left.
    await page.mouse.move(10, 10);
    await page.mouse.down();
    await page.getByRole('dialog', { name: 'Служебный вход' }).waitFor({ timeout: 10_000 });
    await page.mouse.up();
    await page.getByLabel('PIN сотрудника').fill('1111');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверный PIN.').waitFor();
    expect(await page.getByRole('heading', { name: 'Служебное меню киоска' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Отмена' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.keyboard.press('Control+Alt+KeyS');
    for (const digit of PIN) await page.getByRole('dialog').getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Служебное меню киоска' }).waitFor();
    expect(await page.getByText('sharya-kiosk-1').isVisible()).toBe(true);

    // The CX sector changes the service list on the hub; the staff menu fetches it at once.
    const cx = await staffFetch(hub, 'cx-kiosk-test', 'cx');
    const put = await cx('/api/services', { method: 'PUT', body: JSON.stringify({ services: [{ id: 'consultation', name: 'Консультация' }, { id: 'other', name: 'Другое' }] }) });
    expect(put.status).toBe(200);
    await page.getByRole('button', { name: 'Обновить список услуг' }).click();
    await page.getByText('Список услуг и отдел обновлены с хаба.').waitFor();
    await page.getByRole('button', { name: 'Вернуться к опросу' }).click();
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    for (const v of [3, 3, 3, 3, 5]) await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    await page.getByRole('button', { name: 'Пропустить' }).click();
    const choices = await page.getByRole('group', { name: 'О какой услуге Ваш отзыв?' }).getByRole('button').allTextContents();
    expect(choices).toEqual(['Консультация', 'Другое']);
    await page.getByRole('button', { name: 'Консультация' }).click();
    await page.getByRole('button', { name: 'Отправить ответы' }).click();
    await poll('the response naming the new service', () => storedResponses(hub).filter((r) => r.service_id === 'consultation'), (rows) => rows.length === 1);
  });
});

describe('phone mode', () => {
  it('takes the office, channel and desk from the link, has no on-screen keyboard, and queues the response', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=visit-qr&desk=${encodeURIComponent('Окно 3')}&service=vacancies`);
    await phone.getByRole('button', { name: 'Начать опрос' }).click();
    for (const v of [5, 5, 4, 5]) await phone.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    await phone.locator('.scale-button', { hasText: /^10$/ }).click();
    await phone.getByText('Вопрос 6 из 6').waitFor();
    expect(await phone.getByRole('group', { name: 'Экранная клавиатура' }).count()).toBe(0);
    await phone.locator('#comment').fill('  Быстро и вежливо  ');
    // The link named the service: the comment is the last step and its button sends.
    await phone.getByRole('button', { name: 'Отправить ответы' }).click();
    await phone.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    const queued = await phone.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const open = indexedDB.open('czn-kiosk');
          open.onsuccess = () => {
            const all = open.result.transaction('outbox').objectStore('outbox').getAll();
            all.onsuccess = () => resolve((all.result as { record: unknown }[]).map((e) => e.record));
          };
        }),
    );
    // What the phone built, read from its outbox: a visit-qr link without an invitation token is
    // refused by the server (kept there as refused); tokened delivery is test/phone-*.test.ts.
    expect(queued).toEqual([
      expect.objectContaining({ channel: 'visit-qr', officeId: OFFICE, desk: 'Окно 3', serviceId: 'vacancies', comment: 'Быстро и вежливо', complete: true, answers: { csat1: 5, csat2: 5, csat3: 4, ces: 5, nps: 10 } }),
    ]);
    await phone.close();
  });
});
