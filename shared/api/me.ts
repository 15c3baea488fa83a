import { z } from '../zod.ts';
import { roleGrantSchema } from './admin.ts';

/** Who is logged in (GET /api/me) and changing one's own password (POST /api/me/password). */
export const meResponseSchema = z.object({ ok: z.literal(true), login: z.string(), displayName: z.string(), roles: z.array(roleGrantSchema), csrfToken: z.string() });
export type MeResponse = z.infer<typeof meResponseSchema>;

export const passwordChangedResponseSchema = z.object({ ok: z.literal(true), sessionsEnded: z.number().int() });
export type PasswordChangedResponse = z.infer<typeof passwordChangedResponseSchema>;
