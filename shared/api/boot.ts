import { lowScoreRuleSchema } from '../alert-rules.ts';
import { z } from '../zod.ts';
import { registerChannelSchema } from '../register.ts';
import { roleGrantSchema } from './admin.ts';
import { serviceSchema } from './settings.ts';
import { surveyVersionSchema } from '../surveys/definition.ts';
import { directoryOfficeSchema } from './offices.ts';

/**
 * What the hub puts into a staff page for the app to start with (a JSON data block, never run as a
 * script): the frame every page shares and the page's own server-side facts. The hub answers each
 * staff address (/dashboard, /board …) with the staff app's HTML and this block, after its session
 * check; error pages (403, 404, 500) are the same app with `page` set to the error.
 */
export const navLinkSchema = z.object({ path: z.string(), title: z.string(), text: z.string() });
export type NavLink = z.infer<typeof navLinkSchema>;

export const frameSchema = z.object({
  hub: z.object({
    role: z.enum(['office', 'central']),
    officeId: z.string(),
    /** The office's name on an office hub, «Центральный сборщик» on the central. */
    title: z.string(),
    /**
     * The central's address when this office hub takes the regional settings (services, alert
     * rules, staff accounts, passwords) from it: those pages are read-only here. null otherwise.
     */
    regionalFrom: z.string().nullable(),
  }),
  user: z
    .object({
      login: z.string(),
      displayName: z.string(),
      /** Each grant in words: «Начальник отдела / отделения — Шарьинское отделение». */
      roles: z.array(roleGrantSchema.extend({ label: z.string() })),
    })
    .nullable(),
  /** The session's CSRF token for the app's writes; null when nobody is logged in. */
  csrfToken: z.string().nullable(),
  /** The pages this user's roles open on this hub, in menu order. */
  nav: z.array(navLinkSchema),
});
export type Frame = z.infer<typeof frameSchema>;

const officeOption = z.object({ id: z.string(), name: z.string() });

export const pagePropsSchema = z.discriminatedUnion('page', [
  z.object({ page: z.literal('home') }),
  z.object({ page: z.literal('login'), next: z.string(), error: z.string().nullable(), notice: z.string().nullable() }),
  z.object({
    page: z.literal('setup'),
    /** null: the link is unusable (refusal says why). */
    login: z.string().nullable(),
    refusal: z.enum(['unknown', 'used', 'expired']).nullable(),
    error: z.string().nullable(),
  }),
  z.object({ page: z.literal('password') }),
  z.object({ page: z.literal('dashboard'), mayComments: z.boolean(), mayAlerts: z.boolean(), mayInvitations: z.boolean(), mayTakeIntoWork: z.boolean() }),
  z.object({ page: z.literal('board'), offices: z.array(officeOption) }),
  z.object({ page: z.literal('admin'), offices: z.array(officeOption), defaultOffice: z.string(), isAdmin: z.boolean() }),
  z.object({ page: z.literal('services'), services: z.array(serviceSchema) }),
  z.object({ page: z.literal('alert-rules'), rules: z.array(lowScoreRuleSchema), newRule: lowScoreRuleSchema, maxRules: z.number().int() }),
  z.object({
    page: z.literal('invite'),
    officeName: z.string(),
    issuedToday: z.object({ qr: z.number().int(), email: z.number().int() }),
    /** Why this hub or this user cannot invite, in plain words; null when they can. */
    refusal: z.string().nullable(),
    /** The technical reason behind `refusal`, for the administrator (shown on request). */
    refusalDetail: z.string().nullable(),
    mailConfigured: z.boolean(),
    services: z.array(officeOption),
  }),
  z.object({ page: z.literal('posters'), base: z.string(), offices: z.array(officeOption.extend({ url: z.string() })) }),
  z.object({ page: z.literal('central') }),
  // The office directory (regional, edited on the central): every office, closed ones too.
  z.object({ page: z.literal('offices'), offices: z.array(directoryOfficeSchema) }),
  // The register of appeals (issue 18): the list, a new entry's form, one entry.
  z.object({ page: z.literal('register'), offices: z.array(officeOption), mayWrite: z.boolean(), mayExportAuthors: z.boolean() }),
  z.object({ page: z.literal('register-new'), offices: z.array(officeOption), today: z.string(), channels: z.array(registerChannelSchema) }),
  z.object({ page: z.literal('register-entry'), entryId: z.string(), mayWrite: z.boolean(), today: z.string() }),
  // The phone survey (order No. 308, 1.2): campaigns, call lists, the operator's call form.
  z.object({ page: z.literal('phone-survey'), offices: z.array(officeOption), mayManage: z.boolean() }),
  z.object({ page: z.literal('pain-map'), offices: z.array(officeOption) }),
  // The CX sector's surveys (issue 20), on the central: the list, the builder, one version's results.
  z.object({ page: z.literal('surveys'), mayBuild: z.boolean(), today: z.string() }),
  z.object({ page: z.literal('survey-builder'), surveyId: z.string().nullable(), offices: z.array(officeOption), today: z.string() }),
  z.object({ page: z.literal('survey-results'), surveyId: z.string(), offices: z.array(officeOption), mayBuild: z.boolean() }),
  // The exit poll by staff (order No. 308, 2.2), on an office hub: the surveys run here today as
  // exit polls, whole, so the page (kept by its service worker) works with the hub out of reach.
  z.object({ page: z.literal('interviewer'), today: z.string(), officeName: z.string(), surveys: z.array(surveyVersionSchema) }),
  // The mystery shopper (order No. 308, 2.3), on the central: the list, a template, a visit's form and page, the справка.
  z.object({ page: z.literal('mystery-shopper'), offices: z.array(officeOption), mayEdit: z.boolean() }),
  z.object({ page: z.literal('mystery-template'), templateId: z.string().nullable() }),
  z.object({ page: z.literal('mystery-visit-form'), visitId: z.string().nullable(), offices: z.array(officeOption), today: z.string() }),
  z.object({ page: z.literal('mystery-visit'), visitId: z.string() }),
  z.object({ page: z.literal('mystery-report'), offices: z.array(officeOption) }),
  z.object({ page: z.literal('forbidden') }),
  z.object({ page: z.literal('not-found') }),
  z.object({ page: z.literal('error') }),
]);
export type PageProps = z.infer<typeof pagePropsSchema>;
export type PageId = PageProps['page'];
export type PropsOf<P extends PageId> = Extract<PageProps, { page: P }>;

export const bootSchema = z.object({ frame: frameSchema, props: pagePropsSchema });
export type Boot = z.infer<typeof bootSchema>;

export { BOOT_ELEMENT_ID } from './boot-element.ts';
