import { z } from '../zod.ts';
import { lowScoreRuleListSchema } from '../alert-rules.ts';
import { officeIdSchema, officeSchema } from '../offices.ts';
import { serviceIdSchema } from '../records.ts';
import { ROLES } from '../roles.ts';
import { instantSchema } from '../time.ts';
import { surveyVersionSchema } from '../surveys/definition.ts';

/**
 * The regional configuration the central hands down to an office hub (docs/regional-config.md):
 * the office directory, the service list, the low-score alert rules, working hours and the staff
 * accounts that may act at that office. The office GETs REGIONAL_CONFIG_PATH (wire.ts), signed with
 * its office key like a forwarded batch; the answer is signed back the same way.
 *
 * Bump REGIONAL_CONFIG_SCHEMA_VERSION when a snapshot of the new shape would be misread by an older
 * program: the older office hub then refuses the revision as a whole (and says so on /health)
 * instead of applying half of it. The office's schema is strict, so any new field, optional or
 * not, needs the bump (and office hubs updated before the central sends it).
 */
export const REGIONAL_CONFIG_SCHEMA_VERSION = 2;
// 2 (issue 20): `surveys`, the published versions of the built surveys offered at the office.

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const workingHoursSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay, days: z.array(z.number().int().min(1).max(7)).max(7) })
  .refine((h) => h.start < h.end, { message: 'начало рабочего дня должно быть раньше конца' });

export const snapshotOfficeSchema = officeSchema.extend({ closedAt: instantSchema.nullable() }).strict();

export const snapshotServiceSchema = z.strictObject({ id: serviceIdSchema, name: z.string().trim().min(2).max(120), active: z.boolean() });

export const snapshotRoleSchema = z.strictObject({ role: z.enum(ROLES), officeId: officeIdSchema.nullable() });

/** A staff account: the argon2id hash travels, never a password. */
export const snapshotUserSchema = z.strictObject({
  login: z.string().regex(/^[a-z0-9._-]{2,40}$/i),
  displayName: z.string().min(1).max(120),
  passwordHash: z.string().startsWith('$argon2').max(300).nullable(),
  passwordChangedAt: instantSchema.nullable(),
  disabledAt: instantSchema.nullable(),
  roles: z.array(snapshotRoleSchema).max(20),
});
export type SnapshotUser = z.infer<typeof snapshotUserSchema>;

export const regionalSnapshotSchema = z
  .strictObject({
    schemaVersion: z.literal(REGIONAL_CONFIG_SCHEMA_VERSION),
    /** The office this snapshot was cut for: an office hub refuses one cut for another. */
    officeId: officeIdSchema,
    revision: z.number().int().min(1),
    /** When the central saved this revision. */
    changedAt: instantSchema,
    offices: z.array(snapshotOfficeSchema).min(1).max(500),
    /** In the order the kiosk shows them; inactive ones stay, responses name them. */
    services: z.array(snapshotServiceSchema).max(200),
    alertRules: lowScoreRuleListSchema,
    workingHours: workingHoursSchema,
    users: z.array(snapshotUserSchema).max(10_000),
    /**
     * Every published version of each survey whose newest version targets this office (all
     * offices, or a list naming it). The office keeps every version it is given for good (answers
     * still queued on a kiosk name older ones) and offers the newest of each; the kiosk then picks
     * by period and place.
     */
    surveys: z.array(surveyVersionSchema).max(2_000),
  })
  .refine((s) => new Set(s.users.map((u) => u.login.toLowerCase())).size === s.users.length, { message: 'логины повторяются', path: ['users'] })
  .refine((s) => new Set(s.services.map((u) => u.id)).size === s.services.length, { message: 'услуги повторяются', path: ['services'] })
  .refine((s) => new Set(s.offices.map((o) => o.id)).size === s.offices.length, { message: 'отделы повторяются', path: ['offices'] })
  .refine((s) => new Set(s.surveys.map((v) => `${v.surveyId}/${v.version}`)).size === s.surveys.length, { message: 'версии опросов повторяются', path: ['surveys'] });
export type RegionalSnapshot = z.infer<typeof regionalSnapshotSchema>;

/**
 * The answer to a pull. `snapshot` is null when the office already holds `revision` (it said so
 * with `?have=`); otherwise it is the whole configuration, read first only for its schemaVersion
 * (so a newer one is told apart from a broken one) and then against regionalSnapshotSchema.
 */
export const regionalConfigAnswerSchema = z.strictObject({
  ok: z.literal(true),
  revision: z.number().int().min(0),
  snapshot: z.unknown().nullable(),
});
export type RegionalConfigAnswer = z.infer<typeof regionalConfigAnswerSchema>;

export const snapshotVersionSchema = z.object({ schemaVersion: z.number().int().min(1) });

/**
 * Why an office hub did not take the regional configuration (hub/regional-config/read-answer.ts): kept as
 * the last error's code, shown on /health and said in words on the АХО board (staff-app board-words.ts).
 */
export type PullRefusal =
  | 'unreachable'
  | 'timeout'
  | 'refused'
  | 'http-error'
  | 'unsigned-answer'
  | 'bad-signature'
  | 'not-an-answer'
  | 'newer-schema'
  | 'invalid-snapshot'
  | 'wrong-office'
  | 'older-revision'
  | 'storage';
