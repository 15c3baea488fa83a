import { z } from '../zod.ts';

/** «Пригласить к опросу» (hub/invitations/invite-routes.ts). */
const ok = z.literal(true);

export const invitationIssuedResponseSchema = z.object({ ok, url: z.string(), code: z.string().nullable(), qrSvg: z.string(), expiresAt: z.number() });
export type InvitationIssuedResponse = z.infer<typeof invitationIssuedResponseSchema>;
export const invitationMailedResponseSchema = z.object({ ok, expiresAt: z.number() });
export type InvitationMailedResponse = z.infer<typeof invitationMailedResponseSchema>;
