import { officeKindSchema } from '../offices.ts';
import { OFFICE_KIND_PROBLEM, officeAddressProblem, officeIdProblem, officeNameProblem, tidyOfficeText } from '../office-words.ts';
import { z } from '../zod.ts';

/**
 * The office directory as the admin edits it on the central (hub/regional-config/office-routes.ts,
 * the /offices page, `npm run hub -- offices new|set|close|reopen`). The id is Latin and permanent:
 * every record carries it. The name and the address are what clients read on kiosks and posters.
 * The checks and their words are shared/office-words.ts, which the page uses without zod.
 */
const ok = z.literal(true);

/** A text field: tidied, then checked by `problem`. */
const checked = (missing: string, problem: (value: string) => string | null) =>
  z
    .string({ error: missing })
    .transform(tidyOfficeText)
    .superRefine((value, ctx) => {
      const found = problem(value);
      if (found) ctx.addIssue({ code: 'custom', message: found });
    });

const nameSchema = checked('введите название', officeNameProblem);
const addressSchema = checked('введите адрес', officeAddressProblem);
const kindSchema = z.enum(officeKindSchema.options, { error: OFFICE_KIND_PROBLEM });

export const newOfficeBodySchema = z.strictObject({
  id: checked('введите идентификатор', officeIdProblem),
  name: nameSchema,
  kind: kindSchema,
  address: addressSchema,
});
export type NewOfficeBody = z.infer<typeof newOfficeBodySchema>;

/** What changes; the fields left out stay as they are. */
export const officeChangeBodySchema = z
  .strictObject({ name: nameSchema.optional(), kind: kindSchema.optional(), address: addressSchema.optional() })
  .refine((b) => b.name !== undefined || b.kind !== undefined || b.address !== undefined, { message: 'нечего менять: укажите название, вид или адрес' });
export type OfficeChangeBody = z.infer<typeof officeChangeBodySchema>;

export const directoryOfficeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: officeKindSchema,
  address: z.string(),
  closedAt: z.string().nullable(),
  /** Central: whether the office's hub holds a live forwarding key (`offices add`); null elsewhere. */
  keyIssued: z.boolean().nullable(),
});
export type DirectoryOffice = z.infer<typeof directoryOfficeSchema>;

export const officeDirectoryResponseSchema = z.object({ ok, offices: z.array(directoryOfficeSchema) });
export type OfficeDirectoryResponse = z.infer<typeof officeDirectoryResponseSchema>;

/** A saved change: the office as it is now, and the regional revision it made (null off the central). */
export const officeSavedResponseSchema = z.object({ ok, office: directoryOfficeSchema, revision: z.number().int().nullable() });
export type OfficeSavedResponse = z.infer<typeof officeSavedResponseSchema>;

/** A refused change, with the message for each field it names, shown beside that field. */
export interface OfficeRefusal {
  ok: false;
  error: 'invalid' | 'exists' | 'not-found' | 'closed' | 'not-closed' | 'edited-at-central';
  reason: string;
  fields: Partial<Record<'id' | 'name' | 'kind' | 'address', string>>;
}
