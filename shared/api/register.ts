import type { DeadlineState } from '../appeal-deadlines.ts';
import { officeIdSchema } from '../offices.ts';
import { recordIdSchema } from '../records.ts';
import { authorSchema, dayKeySchema, detailsSchema, registerChannelSchema, toneSchema, type Author, type RegisterChannel, type RegisterStep, type Tone } from '../register.ts';
import type { DueKind, RegisterEntryView, RegisterStatus } from '../register-fold.ts';
import { z } from '../zod.ts';

/**
 * The register of appeals over HTTP (issue 18): what the staff app sends to open an entry and to
 * add a step, and what the hub answers. The hub completes each body into a register event
 * (shared/register.ts: id, the entry, the office, when and by whom) and validates that in full.
 *
 * `id` may come from the form, made once when it opens, so a form sent twice stores one entry.
 */
export const newEntryBodySchema = z.strictObject({
  id: recordIdSchema.optional(),
  officeId: officeIdSchema,
  receivedOn: dayKeySchema,
  details: detailsSchema,
  summary: z.string().max(4000),
  tone: toneSchema,
  topics: z.array(z.string()).max(10).default([]),
  author: authorSchema.nullable().default(null),
  answerOwed: z.boolean(),
});
export type NewEntryBody = z.input<typeof newEntryBodySchema>;

/** The fields of a step as the form sends them; the rest of the event is the hub's. */
export type StepBody = { id?: string; step: Exclude<RegisterStep, 'opened'> } & Record<string, unknown>;

/** A refusal of a form: the reason, and the message for each field it names (by its path, «details.calledAt»). */
export interface RegisterRefusal {
  ok: false;
  error: 'invalid-entry' | 'step' | 'conflict' | 'not-found' | 'forbidden-office' | 'forbidden-channel';
  reason: string;
  fields: Record<string, string>;
}

export interface RegisterSavedResponse {
  ok: true;
  id: string;
  entryId: string;
  /** duplicate: the same event was stored before (a form sent twice). */
  status: 'stored' | 'duplicate';
}

export interface RegisterDueNow {
  what: DueKind;
  due: string;
  state: DeadlineState;
}

/** One line of the register: never the author's data. */
export interface RegisterRow {
  id: string;
  officeId: string;
  officeName: string;
  channel: RegisterChannel;
  receivedOn: string;
  summary: string;
  tone: Tone;
  topics: string[];
  status: RegisterStatus;
  openDue: RegisterDueNow | null;
  hasAuthor: boolean;
}

export const REGISTER_PAGE_SIZE = 50;

export interface RegisterListResponse {
  ok: true;
  /** The Moscow day the due states are reckoned on. */
  today: string;
  total: number;
  page: number;
  pageSize: number;
  rows: RegisterRow[];
}

export interface RegisterEntryResponse {
  ok: true;
  today: string;
  officeName: string;
  entry: RegisterEntryView;
  dues: (RegisterEntryView['dues'][number] & { state: DeadlineState })[];
  /** The steps this user may add now, in the order the page offers them. */
  nextSteps: Exclude<RegisterStep, 'opened'>[];
  /** Whether this user may see the author's data (then GET …/author, which is audited). */
  mayAuthor: boolean;
}

export interface RegisterAuthorResponse {
  ok: true;
  author: Author | null;
}

export const registerFilterSchema = z.object({
  channel: registerChannelSchema.optional(),
  office: z.string().max(40).optional(),
  tone: toneSchema.optional(),
  status: z.enum(['new', 'registered', 'measures', 'redirected', 'answered', 'closed']).optional(),
  due: z.enum(['overdue', 'soon']).optional(),
  from: dayKeySchema.optional(),
  to: dayKeySchema.optional(),
  /** Words in the summary, the measures or the answer: any part of a word, three letters at least. */
  q: z.string().trim().max(100, 'поиск: не длиннее 100 знаков').refine((v) => v === '' || v.length >= 3, 'поиск: не короче трёх букв').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RegisterFilter = z.infer<typeof registerFilterSchema>;

/** The export takes the list's filters (not the page) and, for those who may see it, the authors' data on request. */
export const registerExportQuerySchema = registerFilterSchema.omit({ page: true }).extend({
  author: z.enum(['0', '1']).default('0'),
});
