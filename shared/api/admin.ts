import { ROLES } from '../roles.ts';
import { z } from '../zod.ts';

/** The admin's API (hub/staff-app/admin-routes.ts, hub/forward/forward-routes.ts). */
const ok = z.literal(true);

export const roleSchema = z.enum(ROLES);
export const roleGrantSchema = z.object({ role: roleSchema, officeId: z.string().nullable() });
export type RoleGrant = z.infer<typeof roleGrantSchema>;

export const staffUserSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  displayName: z.string(),
  hasPassword: z.boolean(),
  passwordChangedAt: z.number().nullable(),
  createdAt: z.number(),
  disabledAt: z.number().nullable(),
  roles: z.array(roleGrantSchema),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

export const usersResponseSchema = z.object({ ok, users: z.array(staffUserSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;
export const userCreatedResponseSchema = z.object({ ok, user: staffUserSchema, setupUrl: z.string() });
export type UserCreatedResponse = z.infer<typeof userCreatedResponseSchema>;
export const userUpdatedResponseSchema = z.object({ ok, user: staffUserSchema });
export type UserUpdatedResponse = z.infer<typeof userUpdatedResponseSchema>;
export const setupLinkResponseSchema = z.object({ ok, setupUrl: z.string() });
export type SetupLinkResponse = z.infer<typeof setupLinkResponseSchema>;

export const deviceSchema = z.object({ id: z.string(), officeId: z.string(), kind: z.enum(['panel-driver', 'kiosk']), name: z.string(), createdAt: z.number(), revokedAt: z.number().nullable() });
export const adminDevicesResponseSchema = z.object({ ok, devices: z.array(deviceSchema) });
export type AdminDevicesResponse = z.infer<typeof adminDevicesResponseSchema>;
export const pairingCodeResponseSchema = z.object({ ok, code: z.string(), expiresAt: z.string() });
export type PairingCodeResponse = z.infer<typeof pairingCodeResponseSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditResponseSchema = z.object({ ok, entries: z.array(auditEntrySchema) });
export type AuditResponse = z.infer<typeof auditResponseSchema>;

// 'register-event' (issue 18), 'survey-answer' and 'survey-summary' (issue 20) travel and are set aside like the records.
const recordKindSchema = z.enum(['press', 'response', 'heartbeat', 'register-event', 'survey-answer', 'survey-summary']);
export const receivedDeadLetterSchema = z.object({ seq: z.number().int(), kind: recordKindSchema, recordId: z.string(), reason: z.string(), source: z.string(), body: z.string(), receivedAt: z.string() });
export const receivedDeadLettersResponseSchema = z.object({ ok, total: z.number().int(), deadLetters: z.array(receivedDeadLetterSchema) });
export type ReceivedDeadLettersResponse = z.infer<typeof receivedDeadLettersResponseSchema>;

export const forwardDeadLetterSchema = z.object({
  seq: z.number().int(),
  kind: recordKindSchema,
  recordId: z.string(),
  reason: z.enum(['conflict', 'invalid', 'missing']),
  detail: z.string(),
  body: z.string(),
  movedAt: z.string(),
  requeuedAt: z.string().nullable(),
});
export const forwardDeadLettersResponseSchema = z.object({ ok, deadLetters: z.array(forwardDeadLetterSchema) });
export type ForwardDeadLettersResponse = z.infer<typeof forwardDeadLettersResponseSchema>;

/** Users who asked for a new password on the login page and have had no link since (public request, admin acts). */
export const resetRequestSchema = z.object({ login: z.string(), displayName: z.string(), userId: z.number().int(), at: z.number() });
export const resetRequestsResponseSchema = z.object({ ok, requests: z.array(resetRequestSchema) });
export type ResetRequestsResponse = z.infer<typeof resetRequestsResponseSchema>;

export const okResponseSchema = z.object({ ok });
export type OkResponse = z.infer<typeof okResponseSchema>;
