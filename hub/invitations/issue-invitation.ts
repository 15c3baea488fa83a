import type { HubContext } from '../context.ts';
import { resolveCentralKey } from '../forward/central-key.ts';
import { recordIssuedInvitation } from './invitation-store.ts';
import { invitationUrl } from './links.ts';
import { newNonce, signInvitation, tokenHash, type InvitationChannel } from './token.ts';

/**
 * Makes a per-visit invitation at the office hub: signs the token with the office's forwarding key
 * (the central verifies it with its copy) and records only the token's hash, for counting.
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
}

export type IssueResult = { ok: true; value: Invitation } | { ok: false; reason: string };

/** Why this hub cannot invite, or null when it can (shown on the invite page). */
export function cannotInvite(ctx: HubContext): string | null {
  if (ctx.config.role !== 'office') return 'Приглашения выдаёт хаб отдела; центральный сборщик только принимает ответы.';
  const key = resolveCentralKey(ctx.config);
  return key.ok ? null : `Ключ отдела для центрального сборщика не настроен (${key.reason}): без него ссылка не будет принята.`;
}

export function issueInvitation(ctx: HubContext, base: string, request: InvitationRequest): IssueResult {
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
  recordIssuedInvitation(ctx.db, {
    tokenHash: tokenHash(token),
    officeId: ctx.config.officeId,
    channel: request.channel,
    desk: request.desk,
    serviceId: request.serviceId,
    issuedBy: request.issuedBy,
    issuedAt: now,
    expiresAt,
  });
  return { ok: true, value: { url: invitationUrl(base, token), expiresAt } };
}
