import { periodContaining } from '../../shared/periods.ts';
import { describeIssues, surveyAnswerSchema, type SurveyAnswerRecord } from '../../shared/records.ts';
import { z } from '../../shared/zod.ts';
import type { HubContext } from '../context.ts';
import type { ArchivedPeriods } from '../reports/archive.ts';
import { publicTimeProblem } from './answer-checks.ts';
import { phoneOfferProblem } from './phone-survey-offer.ts';
import type { PublicAnswer } from './public-submit.ts';

/**
 * One answer to a built survey from a client's phone, `{ answer }`, on the central
 * (POST PUBLIC_SURVEY_ANSWERS_PATH). It comes after the main survey on the same page and needs no
 * token: the main response spent the invitation, and spending it twice is impossible by design. So
 * the answer is bound to its office and channel only, like a poster answer, and the rules that hold
 * for every public answer hold for it (docs/phone-surveys.md, "Built surveys on the phone"): its time
 * (answer-checks.ts), an open office, a phone channel, a version this central holds that is on offer
 * on phones at that office on the answer's day (phone-survey-offer.ts), and answers that fit that
 * version (checked by the ingest core, shared/surveys/answer-check.ts). Stored by id through the
 * ingest core: a resend is acknowledged `duplicate`.
 */
export const publicSurveyAnswerSchema = z.strictObject({ answer: z.unknown() });

const PHONE_CHANNELS: readonly SurveyAnswerRecord['channel'][] = ['qr-poster', 'visit-qr', 'email-link'];

export function createPublicSurveyAnswer(ctx: HubContext) {
  const versions = ctx.surveyVersions.lookup;
  const refuse = (error: string, reason: string): PublicAnswer => ({ status: 400, body: { ok: false, error, reason } });

  return function submitSurveyAnswer(body: unknown, archived: ArchivedPeriods): PublicAnswer {
    const envelope = publicSurveyAnswerSchema.safeParse(body);
    if (!envelope.success) return refuse('invalid-answer', describeIssues(envelope.error));
    const parsed = surveyAnswerSchema.safeParse(envelope.data.answer);
    if (!parsed.success) return refuse('invalid-answer', describeIssues(parsed.error));
    const answer = parsed.data;
    if (answer.deviceId !== 'phone') return refuse('invalid-answer', 'deviceId: с телефона ожидается phone');
    if (!PHONE_CHANNELS.includes(answer.channel)) return refuse('invalid-answer', `channel: с телефона принимаются только ${PHONE_CHANNELS.join(', ')}`);
    const office = ctx.offices.find(answer.officeId);
    if (!office || office.closedAt !== null) return refuse('invalid-answer', `officeId: нет открытого отдела ${answer.officeId}`);
    const time = publicTimeProblem(answer, { now: ctx.clock(), isInArchivedMonth: (ms) => archived.has('monthly', periodContaining('month', ms).key) });
    if (time) return refuse('invalid-answer', time);

    const answered = versions(answer.surveyId, answer.version);
    const newestNumber = ctx.surveyVersions.newestVersion(answer.surveyId);
    const newest = newestNumber === null ? null : versions(answer.surveyId, newestNumber);
    if (!answered || !newest) return refuse('unknown-survey', `опрос ${answer.surveyId} версии ${answer.version} здесь неизвестен`);
    const notOffered = phoneOfferProblem(answer.surveyId, answered, newest, answer.officeId, Date.parse(answer.bornAt));
    if (notOffered) return refuse('not-offered', notOffered);

    const outcome = ctx.ingest({ records: [answer] }, { kind: 'public', officeId: answer.officeId });
    if (!outcome.ok) return refuse('invalid-answer', outcome.rejection.invalid[0]?.reason ?? outcome.rejection.reason);
    return { status: 200, body: outcome.ack, stored: outcome.stored };
  };
}
