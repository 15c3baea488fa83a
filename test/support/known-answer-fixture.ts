import { newRecordId } from '../../shared/ids.ts';
import { moscowMidnight } from '../../shared/periods.ts';
import type { Answers, Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../../hub/db/open.ts';
import { createRecordStore } from '../../hub/db/record-rows.ts';

/**
 * A small, hand-countable set of presses and responses around ISO week 2026-W48
 * (Monday 23.11.2026 – Sunday 29.11.2026, Moscow). The tests hold the expected figures, computed
 * by hand in their comments; this file only says what happened. Used by the query tests, the
 * export tests and the Chromium dashboard test.
 *
 * sharya: panel and survey, with records exactly on both week boundaries, one suppressed press,
 *         a partial response; buy: 40 panel presses (not a small sample), 2 suppressed, no survey;
 * galich: a panel that pressed only the week before, one partial QR response;
 * kostroma: no panel, two responses. The other 21 offices: nothing.
 */
export const FIXTURE_WEEK = '2026-W48';
export const FIXTURE_NEXT_WEEK = '2026-W49';

/** Moscow wall time on a day of November 2026, as epoch ms. */
export const moscowNov = (day: number, hour = 0, minute = 0, second = 0, ms = 0): number =>
  moscowMidnight(2026, 11, day) + ((hour * 60 + minute) * 60 + second) * 1000 + ms;

function press(officeId: string, bornAt: number, score: number, desk: string | null, suppressed: Press['suppressed'] = null): Press {
  return {
    kind: 'press',
    id: newRecordId(),
    officeId,
    deviceId: `${officeId}-driver`,
    bornAt: toInstant(bornAt),
    channel: 'panel',
    panelId: 'panel-1',
    desk,
    seq: null,
    button: String(score),
    score,
    suppressed,
  };
}

interface ResponseSpec {
  channel: SurveyResponse['channel'];
  answers: Answers;
  comment?: string;
  serviceId?: string;
  desk?: string;
  complete?: boolean;
}

function response(officeId: string, bornAt: number, spec: ResponseSpec): SurveyResponse {
  return {
    kind: 'response',
    id: newRecordId(),
    officeId,
    deviceId: `${officeId}-kiosk`,
    bornAt: toInstant(bornAt),
    channel: spec.channel,
    answers: spec.answers,
    comment: spec.comment ?? null,
    serviceId: spec.serviceId ?? null,
    desk: spec.desk ?? null,
    complete: spec.complete ?? true,
  };
}

export function knownAnswerRecords(): (Press | SurveyResponse)[] {
  const w1 = 'окно 1';
  const w2 = 'окно 2';
  const buy: Press[] = [];
  for (let i = 0; i < 40; i++) buy.push(press('buy', moscowNov(24, 10, i), i < 20 ? 5 : i < 30 ? 4 : 3, null));
  buy.push(press('buy', moscowNov(24, 11, 0), 1, null, 'too-soon'), press('buy', moscowNov(24, 11, 0, 5), 1, null, 'too-soon'));
  return [
    // sharya, panel. The last millisecond of W47, then W48 from its first to its last second, then W49.
    press('sharya', moscowNov(23) - 1, 5, w1),
    press('sharya', moscowNov(23), 4, w2),
    press('sharya', moscowNov(24, 9, 0), 5, w1),
    press('sharya', moscowNov(24, 9, 0, 10), 5, w1, 'too-soon'),
    press('sharya', moscowNov(24, 9, 30), 5, w1),
    press('sharya', moscowNov(25, 12, 0), 4, w2),
    press('sharya', moscowNov(26, 15, 0), 3, w2),
    press('sharya', moscowNov(27, 16, 0), 1, null),
    press('sharya', moscowNov(29, 23, 59, 59), 2, w1),
    press('sharya', moscowNov(30), 1, w1),
    // sharya, survey
    response('sharya', moscowNov(24, 9, 5), { channel: 'kiosk', answers: { csat1: 5, csat2: 4, csat3: 4, ces: 4, nps: 9 }, comment: 'Всё хорошо', serviceId: 'vacancies', desk: w1 }),
    response('sharya', moscowNov(25, 12, 5), { channel: 'visit-qr', answers: { csat1: 2 }, comment: 'Долго ждал в очереди', serviceId: 'unemployment-benefit', desk: w2, complete: false }),
    response('sharya', moscowNov(26, 15, 5), { channel: 'kiosk', answers: { csat1: 4, csat2: 4, csat3: 5, ces: 5, nps: 6 }, serviceId: 'unemployment-benefit', desk: w2 }),
    response('sharya', moscowNov(29, 23, 59, 59), { channel: 'email-link', answers: { csat1: 1, csat2: 1, csat3: 1, ces: 1, nps: 0 }, comment: 'Ужасно' }),
    response('sharya', moscowNov(30), { channel: 'kiosk', answers: { csat1: 5, csat2: 5, csat3: 5, ces: 5, nps: 10 }, comment: 'Отлично' }),
    // buy: 40 counted presses on Tuesday, 2 suppressed
    ...buy,
    // galich: a press the week before only; one partial response
    press('galich', moscowNov(20, 10, 0), 5, null),
    response('galich', moscowNov(25, 10, 0), { channel: 'qr-poster', answers: { csat1: 3, nps: 8 }, complete: false }),
    // kostroma: survey only
    response('kostroma', moscowNov(23, 9, 0), { channel: 'kiosk', answers: { csat1: 5, csat2: 5, csat3: 5, ces: 5, nps: 10 }, comment: 'Спасибо, быстро', serviceId: 'vacancies', desk: w1 }),
    response('kostroma', moscowNov(28, 11, 0), { channel: 'email-link', answers: { csat1: 4, csat2: 3, csat3: 2, ces: 2, nps: 7 }, comment: 'Сложно найти нужный кабинет' }),
  ];
}

export function loadKnownAnswerFixture(db: Db): number {
  const store = createRecordStore(db);
  const records = knownAnswerRecords();
  db.transaction(() => records.forEach((r) => store.insert(r, Date.parse(r.bornAt) + 1000)))();
  return records.length;
}
