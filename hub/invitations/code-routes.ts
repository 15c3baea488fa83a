import { Router } from 'express';
import { describeIssues } from '../../shared/records.ts';
import { findOfficeKey } from '../central/office-keys.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { INVITATION_CODE_PATH } from '../../shared/protocol/wire.ts';
import { INVITATION_CODE_BODY_LIMIT } from '../http/body-limits.ts';
import { sendSigned } from '../http/signed-answer.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { codeRegistrationSchema, type CodeRegistrationAnswer } from '../../shared/protocol/invitation-codes.ts';
import { invitationCodeStore } from './code-store.ts';
import { verifyInvitationAsync } from './token.ts';

/**
 * POST /api/forward/invitation-codes on the central: an office hub says which signed invitation a
 * short code stands for. The request is signed with the office's key (like a forwarded batch); the
 * token must be genuine, unexpired and of that same office, so an office can make codes only for
 * its own invitations, and a code already taken is never pointed elsewhere.
 */
export function invitationCodeRoutes(ctx: HubContext): Router {
  const router = Router();
  const keys = (keyId: string) => findOfficeKey(ctx.sql, keyId);
  const codes = invitationCodeStore(ctx.sql);

  ctx.routes.add(router, { method: 'post', path: INVITATION_CODE_PATH, access: { kind: 'office-hub' }, body: { kind: 'json', limitBytes: INVITATION_CODE_BODY_LIMIT }, summary: 'офисный хаб регистрирует короткий код приглашения (подпись HMAC)' }, async (req, res) => {
    const hub = req.officeHub!;
    const refuse = (status: number, error: string, reason: string) => {
      countRefusal(ctx, `invitation-code-${error}`);
      sendSigned<CodeRegistrationAnswer>(res, hub, status, { ok: false, error, reason });
    };
    if (ctx.config.role !== 'central') return refuse(404, 'not-central', 'этот хаб не центральный сборщик');
    const parsed = codeRegistrationSchema.safeParse(req.body);
    if (!parsed.success) return refuse(400, 'invalid-request', describeIssues(parsed.error));
    const verified = await verifyInvitationAsync(parsed.data.token, keys, ctx.clock());
    if (!verified.ok) return refuse(400, 'invalid-token', `приглашение не принято: ${verified.reason}`);
    if (verified.value.officeId !== hub.officeId) return refuse(403, 'other-office', 'приглашение другого отдела');
    let status;
    try {
      status = await codes.register({ codeHash: Buffer.from(parsed.data.codeHash, 'hex'), token: parsed.data.token, officeId: hub.officeId, expiresAt: verified.value.expiresAt }, ctx.clock());
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    if (status === 'taken') return refuse(409, 'code-taken', 'этот код уже выдан другому приглашению');
    sendSigned<CodeRegistrationAnswer>(res, hub, 200, { ok: true, status });
  });
  return router;
}
