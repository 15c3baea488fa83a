import { newOfficeBodySchema, officeChangeBodySchema, type DirectoryOffice, type NewOfficeBody, type OfficeChangeBody } from '../../../../shared/api/offices.ts';
import type { OfficeKind } from '../../../../shared/offices.ts';
import type { z } from '../../../../shared/zod.ts';

/**
 * The office form's typed values, checked by the hub's own schemas (shared/api/offices.ts) so the
 * page says beside each field what the hub would refuse, in the same words. A change sends only
 * the fields that differ from the office as it is.
 */
export interface OfficeDraft {
  id: string;
  name: string;
  kind: OfficeKind | '';
  address: string;
}
export type OfficeField = 'id' | 'name' | 'kind' | 'address';
export type OfficeErrors = Partial<Record<OfficeField, string>>;

export const emptyDraft = (): OfficeDraft => ({ id: '', name: '', kind: '', address: '' });
export const draftOf = (o: DirectoryOffice): OfficeDraft => ({ id: o.id, name: o.name, kind: o.kind, address: o.address });

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Each field's first problem, as a sentence. */
export function errorsOf(error: z.ZodError): OfficeErrors {
  const errors: OfficeErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field === 'id' || field === 'name' || field === 'kind' || field === 'address') errors[field] ??= capital(issue.message);
  }
  return errors;
}

export function checkNew(d: OfficeDraft): { ok: true; body: NewOfficeBody } | { ok: false; errors: OfficeErrors } {
  const parsed = newOfficeBodySchema.safeParse({ id: d.id, name: d.name, kind: d.kind === '' ? undefined : d.kind, address: d.address });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
}

/** `nothing`: every field as it was; no request is needed. */
export function checkChange(before: DirectoryOffice, d: OfficeDraft): { ok: true; body: OfficeChangeBody } | { ok: false; errors: OfficeErrors; nothing: boolean } {
  const parsed = officeChangeBodySchema.safeParse({ name: d.name, kind: d.kind === '' ? undefined : d.kind, address: d.address });
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error), nothing: false };
  const { name, kind, address } = parsed.data;
  const body: OfficeChangeBody = {
    ...(name !== undefined && name !== before.name ? { name } : {}),
    ...(kind !== undefined && kind !== before.kind ? { kind } : {}),
    ...(address !== undefined && address !== before.address ? { address } : {}),
  };
  return Object.keys(body).length === 0 ? { ok: false, errors: {}, nothing: true } : { ok: true, body };
}
