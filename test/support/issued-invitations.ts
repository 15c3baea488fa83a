import type { IssuedInvitation } from '../../hub/invitations/invitation-store.ts';

/** An invitation issued by a clerk, valid for a day, with no desk or service. */
export const issuedInvitation = (tokenHash: Buffer, channel: IssuedInvitation['channel'], issuedAt: number, officeId = 'sharya'): IssuedInvitation => ({
  tokenHash,
  officeId,
  channel,
  desk: null,
  serviceId: null,
  issuedBy: 'clerk',
  issuedAt,
  expiresAt: issuedAt + 86_400_000,
});
