import { periodContaining } from '../../shared/periods.ts';
import { describeIssues, responseSchema, type FeedbackRecord, type SurveyResponse } from '../../shared/records.ts';
import type { IngestAck } from '../../shared/protocol/ingest.ts';
import { z } from '../../shared/zod.ts';
import { findOfficeKey } from '../central/office-keys.ts';
import type { Transaction } from 'kysely';
import type { Tables } from '../sql/tables.ts';
import type { HubContext } from '../context.ts';
import type { ArchivedPeriods } from '../reports/archive.ts';
import { publicAnswerProblem } from './answer-checks.ts';
import { invitationCodeStore, UNKNOWN_CODE } from './code-store.ts';
import { findInvitationUse, spendInvitation } from './invitation-store.ts';
import { tokenHash, verifyInvitationAsync, type InvitationClaims, type TokenRefusal, type VerifyResult } from './token.ts';

/**
 * One answer from a client's phone: `{ token?, response }`. With a token (per-visit QR, e-mailed
 * link) the token must be genuine, unexpired and unused, and the response must say what the token
 * says; without one, only the office poster's channel is accepted, with no desk. Either way its
 * time and its service are checked (answer-checks.ts). The response goes through the same ingest
 * core as every other record, so it lands where the dashboards read.
 *
 * Single use: the token's hash is inserted into invitation_use in the same transaction as the
 * response (ctx.ingestInto: on SQLite the ingest a savepoint of it, on the central's PostgreSQL in
 * its trx). SQLite runs one transaction at a time, so of any number of concurrent submissions
 * exactly one finds the token unused; on PostgreSQL the primary key refuses the second insert
 * (invitation-store.ts), and that submission's answer is rolled back with it.
 */
export const publicSubmissionSchema = z.strictObject({
  token: z.string().min(10).max(600).optional(),
  response: z.unknown(),
});

export type PublicAnswer =
  | { status: 200; body: IngestAck; stored: FeedbackRecord[] }
  | { status: 400 | 401 | 403 | 409 | 410; body: { ok: false; error: string; reason: string } };

export const ALREADY_USED_TEXT = 'Спасибо, этот опрос уже пройден';

/** What a refused token means to the client; the HTTP status is chosen here, in one place. */
export const TOKEN_REFUSAL: Record<TokenRefusal, { status: 401 | 403 | 410; error: string; reason: string }> = {
  malformed: { status: 401, error: 'invalid-token', reason: 'Ссылка на опрос недействительна: проверьте, что она скопирована полностью' },
  'unknown-key': { status: 401, error: 'invalid-token', reason: 'Ссылка на опрос недействительна' },
  'bad-signature': { status: 401, error: 'invalid-token', reason: 'Ссылка на опрос недействительна или изменена' },
  'revoked-key': { status: 403, error: 'revoked-token', reason: 'Ссылка на опрос больше не действует: ключ отдела отозван' },
  'office-mismatch': { status: 403, error: 'revoked-token', reason: 'Ссылка на опрос выдана не этим отделом' },
  expired: { status: 410, error: 'expired-token', reason: 'Срок действия ссылки на опрос истёк' },
};

export function createPublicSubmit(ctx: HubContext) {
  const keys = (keyId: string) => findOfficeKey(ctx.sql, keyId);
  const codes = invitationCodeStore(ctx.sql);

  const verify = (token: string): Promise<VerifyResult> => verifyInvitationAsync(token, keys, ctx.clock());

  const bad = (reason: string): PublicAnswer => ({ status: 400, body: { ok: false, error: 'invalid-response', reason } });
  const alreadyUsed: PublicAnswer = { status: 409, body: { ok: false, error: 'already-used', reason: ALREADY_USED_TEXT } };

  const ingestOne = (response: SurveyResponse): PublicAnswer => {
    const outcome = ctx.ingest({ records: [response] }, { kind: 'public', officeId: response.officeId });
    if (!outcome.ok) return bad(outcome.rejection.invalid[0]?.reason ?? outcome.rejection.reason);
    return { status: 200, body: outcome.ack, stored: outcome.stored };
  };

  // The answer and the spent token commit together: on SQLite the ingest is a savepoint of this
  // transaction, on the central's PostgreSQL it writes through its trx (ctx.ingestInto).
  const ingestInto = async (trx: Transaction<Tables>, response: SurveyResponse): Promise<PublicAnswer> => {
    const outcome = await ctx.ingestInto(trx, { records: [response] }, { kind: 'public', officeId: response.officeId });
    if (!outcome.ok) return bad(outcome.rejection.invalid[0]?.reason ?? outcome.rejection.reason);
    return { status: 200, body: outcome.ack, stored: outcome.stored };
  };
  const withToken = (hash: Buffer, response: SurveyResponse): Promise<PublicAnswer> =>
    ctx.sql
      .transaction(async (trx): Promise<PublicAnswer> => {
        const use = await findInvitationUse(trx, hash);
        if (use) return resent(trx, use.responseId, response);
        const answer = await ingestInto(trx, response);
        if (answer.status === 200 && answer.body.results[0]?.status !== 'conflict') {
          const spent = await spendInvitation(trx, hash, { officeId: response.officeId, responseId: response.id, usedAt: ctx.clock() });
          // Spent meanwhile by a concurrent request (PostgreSQL; SQLite runs them one by one): the
          // same answer sent twice at once is acknowledged; another one is rolled back and refused.
          if (!spent) {
            const winner = await findInvitationUse(trx, hash);
            const again = await resent(trx, winner?.responseId ?? null, response);
            if (again === alreadyUsed) throw new AlreadyUsed();
            return again;
          }
        }
        return answer;
      })
      .catch((error: unknown) => (error instanceof AlreadyUsed ? alreadyUsed : Promise.reject(error)));

  // A phone that lost the answer sends the same response again: harmless, acknowledged.
  const resent = async (trx: Transaction<Tables>, usedBy: string | null, response: SurveyResponse): Promise<PublicAnswer> => {
    if (usedBy !== response.id) return alreadyUsed;
    const again = await ingestInto(trx, response);
    return again.status === 200 && again.body.results[0]?.status === 'duplicate' ? again : alreadyUsed;
  };

  // The short code and the token's key are read (awaited) before the synchronous checks, then the transaction that spends the token.
  return async function submitFromPhone(body: unknown, archived: ArchivedPeriods): Promise<PublicAnswer> {
    const envelope = publicSubmissionSchema.safeParse(body);
    if (!envelope.success) return bad(describeIssues(envelope.error));
    const parsed = responseSchema.safeParse(envelope.data.response);
    if (!parsed.success) return bad(describeIssues(parsed.error));
    const response = parsed.data;
    if (response.deviceId !== 'phone') return bad('deviceId: с телефона ожидается phone');

    const token = envelope.data.token;
    // A service the token names was the office's to choose (its list may differ from this hub's).
    const problem = (withToken: boolean, tokenServiceId: string | null) =>
      publicAnswerProblem(response, {
        now: ctx.clock(),
        withToken,
        isKnownService: (id) => id === tokenServiceId || ctx.services.list({ activeOnly: false }).some((s) => s.id === id),
        isInArchivedMonth: (ms) => archived.has('monthly', periodContaining('month', ms).key),
      });
    if (token === undefined) {
      if (response.channel !== 'qr-poster') return bad('channel: без приглашения принимается только QR-плакат');
      const office = ctx.offices.find(response.officeId);
      if (!office || office.closedAt !== null) return bad(`officeId: нет открытого отдела ${response.officeId}`);
      const refusal = problem(false, null);
      return refusal ? bad(refusal) : ingestOne(response);
    }
    // A short code stands for the token the central keeps: the same checks, the same single use.
    const signed = await codes.resolve(token);
    if (signed === null) return { status: UNKNOWN_CODE.status, body: { ok: false, error: UNKNOWN_CODE.error, reason: UNKNOWN_CODE.reason } };
    const verified = await verify(signed);
    if (!verified.ok) {
      const refusal = TOKEN_REFUSAL[verified.reason];
      return { status: refusal.status, body: { ok: false, error: refusal.error, reason: refusal.reason } };
    }
    const mismatch = claimsMismatch(verified.value, response) ?? problem(true, verified.value.serviceId);
    if (mismatch) return bad(mismatch);
    return withToken(tokenHash(signed), response);
  };
}

/** The token decides where the answer belongs; a response that says otherwise is refused, not corrected. */
function claimsMismatch(claims: InvitationClaims, response: SurveyResponse): string | null {
  if (response.officeId !== claims.officeId) return `officeId: приглашение отдела ${claims.officeId}`;
  if (response.channel !== claims.channel) return `channel: приглашение для канала ${claims.channel}`;
  if (response.desk !== claims.desk) return `desk: приглашение для рабочего места ${claims.desk ?? '(не указано)'}`;
  if (claims.serviceId !== null && response.serviceId !== claims.serviceId) return `serviceId: приглашение для услуги ${claims.serviceId}`;
  return null;
}

export type PublicSubmit = ReturnType<typeof createPublicSubmit>;

/** Thrown to roll back an answer whose invitation a concurrent request spent first. */
class AlreadyUsed extends Error {
  constructor() {
    super('invitation already used');
  }
}
