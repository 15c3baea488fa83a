import { z } from '../zod.ts';

/** The central's view of its offices' forwarding (hub/central/central-routes.ts). */
export const officeLinkStateSchema = z.enum(['ok', 'silent', 'never', 'no-key', 'closed']);
export type OfficeLinkState = z.infer<typeof officeLinkStateSchema>;

export const officeLinkSchema = z.object({
  officeId: z.string(),
  name: z.string(),
  state: officeLinkStateSchema,
  alert: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lagSeconds: z.number().nullable(),
  recordsReceived: z.number().int(),
  backlogReported: z.number().int().nullable(),
  backlogOldestAt: z.string().nullable(),
  silentWorkingMinutes: z.number().nullable(),
  configRevision: z.number().int().nullable(),
  configReportedAt: z.string().nullable(),
  configBehindSince: z.string().nullable(),
  configAlert: z.boolean(),
  /** The office hub's disk as it reports it with its batches; null while it does not. */
  storage: z.object({ state: z.enum(['ok', 'warning', 'critical']), freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }).nullable(),
});
export type OfficeLink = z.infer<typeof officeLinkSchema>;

export const centralOfficesResponseSchema = z.object({
  ok: z.literal(true),
  generatedAt: z.string(),
  silenceMinutes: z.number(),
  /** The newest regional configuration revision, and when it was saved. */
  configRevision: z.number().int().nullable(),
  configChangedAt: z.string().nullable(),
  offices: z.array(officeLinkSchema),
});
export type CentralOfficesResponse = z.infer<typeof centralOfficesResponseSchema>;
