import { recordIdTime } from '../../shared/ids.ts';
import type { SurveyResponse } from '../../shared/records.ts';

/**
 * What a phone's answer must also satisfy beyond its schema and its token, because nobody vouches
 * for it (a phone has no key, and a poster answer has no token either): its time is the server's
 * business, and it may name only what the office really offers.
 *
 * Time: a phone sends its answer as soon as it is finished; it keeps an unfinished survey while its
 * owner is in another app and sends it when they come back, so an honest answer can be hours old,
 * but not days. Older answers, answers from the future beyond a phone clock's usual error, answers
 * whose id was made at another time than the one they claim, and answers dated in a month whose
 * report is archived are refused: otherwise anyone could rewrite figures already reported.
 * Kiosk and driver records are not held to this: they come with a device key, and a device may
 * legitimately deliver weeks of records after an outage (docs/phone-surveys.md, "Time of an answer").
 */
export const PUBLIC_ANSWER_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const PUBLIC_ANSWER_MAX_AHEAD_MS = 10 * 60 * 1000;
/** The phone makes the id and the date from one clock reading, milliseconds apart. */
export const ID_TIME_TOLERANCE_MS = 60 * 1000;

export interface AnswerFacts {
  now: number;
  /** Whether the answer came with a genuine invitation (which names its own desk). */
  withToken: boolean;
  isKnownService(serviceId: string): boolean;
  /** Whether the monthly report of the month containing `ms` is already in the archive. */
  isInArchivedMonth(ms: number): boolean;
}

/** Null when the answer may be stored; otherwise the reason, for the phone and the refusal count. */
export function publicAnswerProblem(response: SurveyResponse, facts: AnswerFacts): string | null {
  const time = publicTimeProblem(response, facts);
  if (time) return time;
  if (!facts.withToken && response.desk !== null) return 'desk: ответ по QR-плакату не называет рабочее место';
  if (response.serviceId !== null && !facts.isKnownService(response.serviceId)) return `serviceId: нет услуги ${response.serviceId}`;
  return null;
}

/** The time rules alone, for every record a phone sends (a response, or an answer to a built survey). */
export function publicTimeProblem(record: { id: string; bornAt: string }, facts: Pick<AnswerFacts, 'now' | 'isInArchivedMonth'>): string | null {
  const bornAt = Date.parse(record.bornAt);
  if (bornAt > facts.now + PUBLIC_ANSWER_MAX_AHEAD_MS) return 'bornAt: время ответа впереди часов сервера; проверьте часы телефона';
  if (bornAt < facts.now - PUBLIC_ANSWER_MAX_AGE_MS) return 'bornAt: ответ старше суток не принимается';
  if (Math.abs(recordIdTime(record.id) - bornAt) > ID_TIME_TOLERANCE_MS) return 'id: время в идентификаторе ответа не совпадает с bornAt';
  if (facts.isInArchivedMonth(bornAt)) return 'bornAt: отчёт за этот месяц уже сформирован';
  return null;
}
