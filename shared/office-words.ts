/**
 * The office directory's words and checks in Russian, apart from offices.ts (which builds its
 * schemas on them) and importing nothing, so the staff app's form checks each field as the hub does (shared/api/offices.ts builds its
 * schemas on these) without bundling zod. A problem is said in lower case, as the API's reason; the
 * form makes it a sentence.
 */
export const OFFICE_KINDS = ['otdelenie', 'otdel'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];
export const OFFICE_KIND_LABEL: Record<OfficeKind, string> = { otdelenie: 'отделение', otdel: 'отдел' };

/** Latin, lower case, digits and hyphens, 2–40: every record carries it, so it never changes. */
export const OFFICE_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export const OFFICE_ID_PROBLEM = 'идентификатор отдела: латиница в нижнем регистре, цифры и дефис';
export const OFFICE_KIND_PROBLEM = 'выберите: отделение или отдел';

/** Spaces trimmed and runs of them made one, as the name and address are printed. */
export const tidyOfficeText = (s: string): string => s.trim().replace(/\s+/g, ' ');

const cyrillic = /[А-Яа-яЁё]/;

export const officeIdProblem = (id: string): string | null => (OFFICE_ID_PATTERN.test(id) ? null : OFFICE_ID_PROBLEM);
export const officeKindProblem = (kind: string): string | null => ((OFFICE_KINDS as readonly string[]).includes(kind) ? null : OFFICE_KIND_PROBLEM);

/** Of a tidied name. */
export function officeNameProblem(name: string): string | null {
  if (name.length < 2) return 'название не короче 2 знаков';
  if (name.length > 120) return 'название не длиннее 120 знаков';
  return cyrillic.test(name) ? null : 'название пишется по-русски, как на вывеске';
}

/** Of a tidied address. */
export function officeAddressProblem(address: string): string | null {
  if (address.length < 5) return 'адрес не короче 5 знаков';
  if (address.length > 300) return 'адрес не длиннее 300 знаков';
  return cyrillic.test(address) ? null : 'адрес пишется по-русски, как его печатают на плакате';
}
