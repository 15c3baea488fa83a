import type { SurveyAnswerRecord } from './records.ts';

/**
 * The exit poll by staff (order No. 308, 2.2; docs/surveys.md «Interviewer mode»): what the staff
 * tablet and the office hub agree on, free of zod so the staff app bundles it. The schemas that
 * check it at the hub are in shared/api/interviewer.ts.
 *
 * The tablet queues two kinds of item and sends both to INTERVIEWER_RECORDS_PATH, with the staff
 * session (cookie and CSRF header): a visitor's answers (an ordinary `survey-answer` record, channel
 * 'interviewer', device INTERVIEWER_DEVICE, no login) and a refusal (the «отказался отвечать» tap).
 * The hub answers like the ingest endpoint: every id with stored / duplicate / conflict, or 400
 * naming the refused items by index, nothing stored.
 */
export const INTERVIEWER_PAGE_PATH = '/interviewer';
export const INTERVIEWER_RECORDS_PATH = '/api/interviewer/records';
export const INTERVIEWER_SUMMARY_PATH = '/api/interviewer/summary';
export const INTERVIEWER_SUMMARIES_PATH = '/api/interviewer/summaries';
/** The service worker that keeps the page for use offline; its scope is INTERVIEWER_PAGE_PATH. */
export const INTERVIEWER_WORKER_PATH = '/interviewer-sw.js';

/** The device id of every exit-poll answer and summary form (hub/ingest/ingest-batch.ts says the same). */
export const INTERVIEWER_DEVICE_ID = 'interviewer';
export const INTERVIEWER_REFUSAL_KIND = 'interviewer-refusal';

/** At most this many items per request, and the tablet stops adding to a batch past the bytes. */
export const INTERVIEWER_BATCH_RECORDS = 20;
export const INTERVIEWER_BATCH_BYTES = 512 * 1024;

/** A visitor who was offered the poll and said no: counted into the summary form, nothing else. */
export interface InterviewerRefusal {
  kind: typeof INTERVIEWER_REFUSAL_KIND;
  id: string;
  officeId: string;
  surveyId: string;
  version: number;
  bornAt: string;
}

export type InterviewerItem = SurveyAnswerRecord | InterviewerRefusal;

const MOSCOW_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instants [start, end) of Moscow days `from`..`to` (YYYY-MM-DD, both included). */
export function moscowDaysRange(from: string, to: string): { start: number; end: number } {
  return { start: Date.parse(`${from}T00:00:00Z`) - MOSCOW_OFFSET_MS, end: Date.parse(`${to}T00:00:00Z`) - MOSCOW_OFFSET_MS + DAY_MS };
}
