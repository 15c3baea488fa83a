import { DEFAULT_OFFICES } from '../shared/offices.ts';
import { MOSCOW_OFFSET_MS } from '../shared/periods.ts';
import type { Press, SurveyResponse } from '../shared/records.ts';
import { toInstant } from '../shared/time.ts';
import type { Db } from '../hub/db/open.ts';
import { createRecordStore } from '../hub/db/record-rows.ts';
import { DEFAULT_SERVICES } from '../hub/db/services.ts';
import { mulberry32 } from '../shared/seeded-random.ts';

/**
 * A year of plausible feedback for the benchmark and the demo: presses and survey responses
 * spread over working days and hours in Moscow time, bigger offices busier, each office with its
 * own level of satisfaction, a slow seasonal drift, about 2 % suppressed double presses, about
 * 10 % partial responses and 15 % comments. Deterministic for a seed. Rows go in through the hub's
 * own record store (so ids, hashes and columns are exactly what ingest writes), in big transactions.
 */
export interface GenerateOptions {
  officeIds: readonly string[];
  start: number;
  end: number;
  presses: number;
  responses: number;
  seed?: number;
  /** Offices that have no panel (survey only), and offices with no survey at all. */
  withoutPanel?: readonly string[];
  withoutSurvey?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  presses: number;
  responses: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TX_ROWS = 20_000;


/** A UUIDv7 whose time part is the record's birth, as a device would have made it. */
function uuidv7At(ms: number, rand: () => number): string {
  const word = () => Math.floor(rand() * 0x1_0000_0000).toString(16).padStart(8, '0');
  const time = ms.toString(16).padStart(12, '0');
  const a = word();
  const b = word();
  const c = word();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${a.slice(0, 3)}-${'89ab'[Math.floor(rand() * 4)]}${a.slice(3, 6)}-${b}${c.slice(0, 4)}`;
}

const officeWeight = (id: string): number => {
  const office = DEFAULT_OFFICES.find((o) => o.id === id);
  return id === 'kostroma' ? 6 : office?.kind === 'otdelenie' ? 2 : 1;
};
const deskCount = (id: string): number => (id === 'kostroma' ? 8 : officeWeight(id) === 2 ? 4 : 2);

/** Working days of the range with their relative traffic: Monday busiest, summer and the New Year holidays quieter. */
function workingDays(start: number, end: number): { day: number; weight: number }[] {
  const days: { day: number; weight: number }[] = [];
  for (let day = Math.ceil((start + MOSCOW_OFFSET_MS) / DAY_MS); day * DAY_MS - MOSCOW_OFFSET_MS < end; day++) {
    const date = new Date(day * DAY_MS);
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const month = date.getUTCMonth();
    if (month === 0 && date.getUTCDate() <= 8) continue;
    const season = month >= 5 && month <= 7 ? 0.8 : month === 0 ? 0.75 : 1;
    days.push({ day, weight: (weekday === 1 ? 1.25 : weekday === 5 ? 0.8 : 1) * season });
  }
  return days;
}

// Opening hours 08:00–18:00 with a lunch dip and a late-morning peak.
const HOUR_WEIGHTS = [0.6, 1.2, 1.4, 1.3, 0.4, 1.0, 1.1, 0.9, 0.6, 0.3];

function sampler(weights: readonly number[], rand: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Birth instants in [start, end) for `count` events of one office, sorted, as devices produce them. */
function birthTimes(count: number, days: { day: number; weight: number }[], range: { start: number; end: number }, rand: () => number): Float64Array {
  const pickDay = sampler(days.map((d) => d.weight), rand);
  const pickHour = sampler(HOUR_WEIGHTS, rand);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let at: number;
    // The range may cut a working day (the demo ends "now"): draw again until inside it.
    do at = days[pickDay()]!.day * DAY_MS - MOSCOW_OFFSET_MS + (8 + pickHour()) * 3_600_000 + Math.floor(rand() * 3_600_000);
    while (at < range.start || at >= range.end);
    times[i] = at;
  }
  return times.sort();
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** A satisfaction level 1–5 for an office whose `quality` is in −1…1, drifting with the season. */
function satisfaction(quality: number, at: number, rand: () => number): number {
  const drift = 0.06 * Math.sin((2 * Math.PI * (at / DAY_MS)) / 365);
  const p5 = clamp(0.6 + 0.15 * quality + drift, 0.2, 0.9);
  const p4 = 0.22;
  const p3 = 0.08 - 0.03 * quality;
  const p2 = 0.04 - 0.02 * quality;
  const r = rand() * (p5 + p4 + p3 + p2 + 0.03);
  return r < p5 ? 5 : r < p5 + p4 ? 4 : r < p5 + p4 + p3 ? 3 : r < p5 + p4 + p3 + p2 ? 2 : 1;
}

const GOOD = ['Спасибо, всё быстро и понятно', 'Вежливый специалист, помогли с вакансиями', 'Отличная консультация', 'Всё хорошо', 'Удобно через киоск, без очереди', 'Спасибо за помощь с резюме'];
const BAD = ['Долго ждал в очереди', 'Не работал киоск', 'Сложно найти нужный кабинет', 'Специалист не смог ответить на вопрос', 'Пришлось приходить дважды', 'Неудобный график приёма', 'Душно в зале ожидания'];
const CHANNELS: SurveyResponse['channel'][] = ['kiosk', 'qr-poster', 'visit-qr', 'email-link'];
const CHANNEL_WEIGHTS = [50, 15, 20, 15];
const NPS_BY_LEVEL: readonly (readonly number[])[] = [[], [0, 1, 2, 3], [2, 3, 4, 5], [5, 6, 7], [7, 8, 9], [8, 9, 10, 10]];

function officeQuality(id: string, seed: number): number {
  let h = seed;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return ((h % 1000) / 1000) * 2 - 1;
}

/** One office's presses or responses: sorted birth times and the record to make for each. */
interface Stream {
  times: Float64Array;
  next: number;
  make(at: number): (Press | SurveyResponse)[];
}

export function generateYear(db: Db, options: GenerateOptions): GenerateResult {
  const seed = options.seed ?? 20260101;
  const rand = mulberry32(seed);
  const store = createRecordStore(db);
  const days = workingDays(options.start, options.end);
  if (days.length === 0) throw new Error('в периоде нет рабочих дней');
  const panelOffices = options.officeIds.filter((id) => !options.withoutPanel?.includes(id));
  const surveyOffices = options.officeIds.filter((id) => !options.withoutSurvey?.includes(id));
  const share = (ids: readonly string[], total: number) => {
    const sum = ids.reduce((a, id) => a + officeWeight(id), 0);
    const counts = new Map(ids.map((id) => [id, Math.floor((total * officeWeight(id)) / sum)]));
    // The rounding remainder goes to the first office, so the totals are exact.
    const first = ids[0];
    if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + total - [...counts.values()].reduce((a, b) => a + b, 0));
    return counts;
  };
  const id = (at: number) => uuidv7At(at, rand);
  const streams: Stream[] = [];

  for (const [officeId, count] of share(panelOffices, options.presses)) {
    const quality = officeQuality(officeId, seed);
    const desks = deskCount(officeId);
    const seq = new Array<number>(desks).fill(0);
    // About 2 % of clients press twice in a row: the driver keeps the second one, suppressed.
    const doubles = Math.round(count * 0.02);
    streams.push({
      times: birthTimes(count - doubles, days, options, rand),
      next: 0,
      make(at) {
        const d = Math.floor(rand() * desks);
        const score = satisfaction(quality, at, rand);
        const press = (bornAt: number, suppressed: Press['suppressed']): Press => ({
          kind: 'press',
          id: id(bornAt),
          officeId,
          deviceId: `${officeId}-driver`,
          bornAt: toInstant(bornAt),
          channel: 'panel',
          panelId: `panel-${d + 1}`,
          desk: `окно ${d + 1}`,
          seq: seq[d]!++,
          button: String(score),
          score,
          suppressed,
        });
        const first = press(at, null);
        return rand() < doubles / (count - doubles) ? [first, press(at + 1500 + Math.floor(rand() * 3000), 'too-soon')] : [first];
      },
    });
  }

  const pickChannel = sampler(CHANNEL_WEIGHTS, rand);
  for (const [officeId, count] of share(surveyOffices, options.responses)) {
    const quality = officeQuality(officeId, seed);
    streams.push({
      times: birthTimes(count, days, options, rand),
      next: 0,
      make(at) {
        const level = satisfaction(quality, at, rand);
        const near = () => clamp(level + (rand() < 0.2 ? -1 : rand() < 0.1 ? 1 : 0), 1, 5);
        const npsChoices = NPS_BY_LEVEL[level]!;
        const full: [keyof SurveyResponse['answers'], number][] = [
          ['csat1', near()],
          ['csat2', near()],
          ['csat3', near()],
          ['ces', near()],
          ['nps', npsChoices[Math.floor(rand() * npsChoices.length)]!],
        ];
        const complete = rand() >= 0.1;
        const phrases = level >= 4 ? GOOD : BAD;
        return [
          {
            kind: 'response',
            id: id(at),
            officeId,
            deviceId: `${officeId}-kiosk`,
            bornAt: toInstant(at),
            channel: CHANNELS[pickChannel()]!,
            answers: Object.fromEntries(complete ? full : full.slice(0, 1 + Math.floor(rand() * 4))),
            comment: rand() < 0.15 ? phrases[Math.floor(rand() * phrases.length)]! : null,
            serviceId: rand() < 0.1 ? null : DEFAULT_SERVICES[Math.floor(rand() * DEFAULT_SERVICES.length)]!.id,
            desk: rand() < 0.6 ? `окно ${1 + Math.floor(rand() * deskCount(officeId))}` : null,
            complete,
          },
        ];
      },
    });
  }

  // Records go in in birth order across all offices, as they would arrive: the time-ordered ids
  // and the (office, …, born_at) indexes then grow at their ends instead of all over the file.
  const total = streams.reduce((a, st) => a + st.times.length, 0);
  let done = 0;
  let inTransaction = 0;
  const result = { presses: 0, responses: 0 };
  for (;;) {
    let earliest: Stream | null = null;
    for (const st of streams) if (st.next < st.times.length && (earliest === null || st.times[st.next]! < earliest.times[earliest.next]!)) earliest = st;
    if (!earliest) break;
    const at = earliest.times[earliest.next++]!;
    if (inTransaction === 0) db.exec('BEGIN');
    for (const record of earliest.make(at)) {
      store.insert(record, at + 2000);
      result[record.kind === 'press' ? 'presses' : 'responses']++;
      inTransaction++;
    }
    if (inTransaction >= TX_ROWS) {
      db.exec('COMMIT');
      inTransaction = 0;
    }
    if (++done % 100_000 === 0) options.onProgress?.(done, total);
  }
  if (inTransaction > 0) db.exec('COMMIT');
  return result;
}
