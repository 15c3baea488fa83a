import { COMMENT_MAX_LENGTH } from '../../../shared/surveys.ts';
import type { Answers, SurveyChannel, SurveyResponse } from '../../../shared/records.ts';

/**
 * A survey in progress. It is saved to IndexedDB after every answer, so a reload or a crash keeps
 * what the client said; it becomes a response record only when final (finished or abandoned),
 * because a record, once sent, may never change.
 */
export interface SurveyDraft {
  id: string;
  bornAt: string;
  officeId: string;
  deviceId: string;
  channel: SurveyChannel;
  desk: string | null;
  answers: Answers;
  comment: string;
  serviceId: string | null;
  /** Index of the step on screen, so a reload comes back to the same question. */
  step: number;
  /** Epoch ms of the client's last touch: an old draft on start-up was abandoned. */
  touchedAt: number;
  /**
   * Phone mode: the invitation token the survey was opened with. Kept with the draft and then the
   * outbox entry, so an answer waiting offline is sent with its own token, not the next link's.
   */
  token?: string;
}

/** A survey that says nothing (no score, no comment) is not a response: it is dropped. */
export function draftHasContent(draft: SurveyDraft): boolean {
  return Object.keys(draft.answers).length > 0 || cleanComment(draft.comment) !== null;
}

export function cleanComment(text: string): string | null {
  let cut = text.trim().slice(0, COMMENT_MAX_LENGTH);
  // The limit counts UTF-16 units: never keep half of an emoji cut at the limit.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trimmed = cut.trim();
  return trimmed === '' ? null : trimmed;
}

/** The record for a final survey: only the questions answered, `complete` false if the client left early. */
export function responseFromDraft(draft: SurveyDraft, complete: boolean): SurveyResponse {
  const answers: Answers = {};
  for (const key of ['csat1', 'csat2', 'csat3', 'ces', 'nps'] as const) {
    const value = draft.answers[key];
    if (value !== undefined) answers[key] = value;
  }
  return {
    kind: 'response',
    id: draft.id,
    officeId: draft.officeId,
    deviceId: draft.deviceId,
    bornAt: draft.bornAt,
    channel: draft.channel,
    answers,
    comment: cleanComment(draft.comment),
    serviceId: draft.serviceId,
    desk: draft.desk,
    complete,
  };
}
