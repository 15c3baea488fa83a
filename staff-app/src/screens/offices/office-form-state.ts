import type { DirectoryOffice, NewOfficeBody, OfficeChangeBody } from '../../../../shared/api/offices.ts';
import { officeAddressProblem, officeIdProblem, officeKindProblem, officeNameProblem, tidyOfficeText, type OfficeKind } from '../../../../shared/office-words.ts';

/**
 * The office form's typed values, checked with the hub's own checks (shared/office-words.ts, which
 * the hub's schemas are built on) so the page says beside each field what the hub would refuse, in
 * the same words. A change sends only the fields that differ from the office as it is.
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

const sentence = (s: string | null): string | null => (s === null ? null : s.charAt(0).toUpperCase() + s.slice(1));

/** The tidied values and each field's problem as a sentence. */
function checkFields(d: OfficeDraft, withId: boolean) {
  const values = { id: d.id.trim(), name: tidyOfficeText(d.name), address: tidyOfficeText(d.address) };
  const found: Record<OfficeField, string | null> = {
    id: withId ? sentence(officeIdProblem(values.id)) : null,
    name: sentence(officeNameProblem(values.name)),
    kind: sentence(officeKindProblem(d.kind)),
    address: sentence(officeAddressProblem(values.address)),
  };
  const errors: OfficeErrors = {};
  for (const field of ['id', 'name', 'kind', 'address'] as const) if (found[field]) errors[field] = found[field];
  return { values, errors, kind: d.kind as OfficeKind };
}

export function checkNew(d: OfficeDraft): { ok: true; body: NewOfficeBody } | { ok: false; errors: OfficeErrors } {
  const { values, errors, kind } = checkFields(d, true);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body: { ...values, kind } };
}

/** `nothing`: every field as it was; no request is needed. */
export function checkChange(before: DirectoryOffice, d: OfficeDraft): { ok: true; body: OfficeChangeBody } | { ok: false; errors: OfficeErrors; nothing: boolean } {
  const { values, errors, kind } = checkFields(d, false);
  if (Object.keys(errors).length > 0) return { ok: false, errors, nothing: false };
  const body: OfficeChangeBody = {
    ...(values.name !== before.name ? { name: values.name } : {}),
    ...(kind !== before.kind ? { kind } : {}),
    ...(values.address !== before.address ? { address: values.address } : {}),
  };
  return Object.keys(body).length === 0 ? { ok: false, errors: {}, nothing: true } : { ok: true, body };
}
