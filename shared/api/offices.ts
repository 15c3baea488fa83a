import { officeIdSchema, officeKindSchema } from '../offices.ts';
import { z } from '../zod.ts';

/**
 * The office directory as the admin edits it on the central (hub/regional-config/office-routes.ts,
 * the /offices page, `npm run hub -- offices new|set|close|reopen`). The id is Latin and permanent:
 * every record carries it. The name and the address are what clients read on kiosks and posters.
 */
const ok = z.literal(true);

export const OFFICE_KIND_LABEL: Record<z.infer<typeof officeKindSchema>, string> = { otdelenie: 'отделение', otdel: 'отдел' };

const cyrillic = /[А-Яа-яЁё]/;
/** Spaces trimmed and runs of them made one, as the name is printed. */
const tidy = (s: string) => s.trim().replace(/\s+/g, ' ');

const nameSchema = z
  .string({ error: 'введите название' })
  .transform(tidy)
  .pipe(
    z
      .string()
      .min(2, 'название не короче 2 знаков')
      .max(120, 'название не длиннее 120 знаков')
      .regex(cyrillic, 'название пишется по-русски, как на вывеске'),
  );
const addressSchema = z
  .string({ error: 'введите адрес' })
  .transform(tidy)
  .pipe(
    z
      .string()
      .min(5, 'адрес не короче 5 знаков')
      .max(300, 'адрес не длиннее 300 знаков')
      .regex(cyrillic, 'адрес пишется по-русски, как его печатают на плакате'),
  );
const kindSchema = z.enum(officeKindSchema.options, { error: 'выберите: отделение или отдел' });

export const newOfficeBodySchema = z.strictObject({
  id: z.string({ error: 'введите идентификатор' }).trim().pipe(officeIdSchema),
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
