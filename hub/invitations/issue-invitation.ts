import type { HubContext } from '../context.ts';
import { resolveCentralKey } from '../forward/central-key.ts';
import { registerInvitationCode } from './code-registration.ts';
import { recordIssuedInvitation } from './invitation-store.ts';
import { invitationUrl } from './links.ts';
import { formatShortCode, newShortCode, shortCodeHash } from './short-code.ts';
import { newNonce, signInvitation, tokenHash, type InvitationChannel } from './token.ts';

/**
 * Makes a per-visit invitation at the office hub: signs the token with the office's forwarding key
 * (the central verifies it with its copy) and records only the token's hash, for counting. Then
 * registers a short code for it with the central, so the slip carries `/s/K7QM-3XZP-HA4T` instead
 * of a 230-character token; when the central cannot be reached in time the long link is given, and
 * it works just the same (docs/phone-surveys.md).
 */
export interface InvitationRequest {
  channel: InvitationChannel;
  desk: string | null;
  serviceId: string | null;
  issuedBy: string;
}

export interface Invitation {
  url: string;
  expiresAt: number;
  /** The short code as printed (K7QM-3XZP-HA4T), or null when the long link was given. */
  code: string | null;
}

export type IssueResult = { ok: true; value: Invitation } | { ok: false; reason: string };

/** Why this hub cannot invite, or null when it can (shown on the invite page). */
export function cannotInvite(ctx: HubContext): string | null {
  if (ctx.config.role !== 'office') return 'Приглашения выдаёт хаб отдела; центральный сборщик только принимает ответы.';
  const key = resolveCentralKey(ctx.config);
  return key.ok ? null : `Ключ отдела для центрального сборщика не настроен (${key.reason}): без него ссылка не будет принята.`;
}

export async function issueInvitation(ctx: HubContext, base: string, request: InvitationRequest): Promise<IssueResult> {
  const refusal = cannotInvite(ctx);
  if (refusal) return { ok: false, reason: refusal };
  const key = resolveCentralKey(ctx.config);
  if (!key.ok) return { ok: false, reason: key.reason };
  const now = ctx.clock();
  const expiresAt = now + ctx.config.invitations.ttlDays * 86_400_000;
  const token = signInvitation(key.value, {
    officeId: ctx.config.officeId,
    desk: request.desk,
    serviceId: request.serviceId,
    channel: request.channel,
    expiresAt,
    nonce: newNonce(),
  });
  await recordIssuedInvitation(ctx.sql, {
    tokenHash: tokenHash(token),
    officeId: ctx.config.officeId,
    channel: request.channel,
    desk: request.desk,
    serviceId: request.serviceId,
    issuedBy: request.issuedBy,
    issuedAt: now,
    expiresAt,
  });
  ctx.events.emit('invitation-issued');
  const long = { url: invitationUrl(base, token), expiresAt, code: null };
  // Codes are registered where phones answer: the central (CENTRAL_URL), else the survey base.
  const registrar = ctx.config.centralUrl ?? ctx.config.surveyBaseUrl;
  if (registrar === null) return { ok: true, value: long };
  const code = newShortCode();
  const registered = await registerInvitationCode(
    { centralUrl: registrar, key: key.value, clock: ctx.clock, timeoutMs: ctx.config.invitations.codeRegisterTimeoutMs },
    { codeHash: shortCodeHash(code).toString('hex'), token },
  );
  if (!registered.ok) {
    ctx.logger.warn({ reason: registered.reason }, 'short invitation code not registered with the central; the long link was given');
    return { ok: true, value: long };
  }
  const printed = formatShortCode(code);
  return { ok: true, value: { url: invitationUrl(base, printed), expiresAt, code: printed } };
}
