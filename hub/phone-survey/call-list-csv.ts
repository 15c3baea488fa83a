import { parse } from 'csv-parse/sync';
import { callListRowSchema, type CallListRow } from '../../shared/phone-survey.ts';

/**
 * A call list as the CX sector exports it from its spreadsheet: one client a line, «телефон;
 * отдел; дата услуги», with or without a header, comma- or semicolon-separated, in UTF-8 (with or
 * without BOM) or in Windows-1251 (what Excel in a Russian locale saves as «CSV»). The whole file is
 * read and checked before anything is stored; every broken line is named by its number and field.
 */
export const MAX_CALL_LIST_ROWS = 20_000;

export type CallListOutcome = { ok: true; rows: CallListRow[]; encoding: 'utf-8' | 'windows-1251' } | { ok: false; errors: string[] };

/** The office column may hold the office id or its name («Шарьинское отделение», case and «ё» aside). */
export type OfficeResolver = (text: string) => string | null;

export function decodeCallList(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: a Russian Excel «CSV» is Windows-1251, where every byte is some character.
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** `today`: the Moscow date (YYYY-MM-DD); a service after it is a typing error. */
export function readCallList(bytes: Uint8Array, office: OfficeResolver, today = '9999-12-31'): CallListOutcome {
  const { text, encoding } = decodeCallList(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, errors: [`строка ${line ?? '?'}: файл не читается как CSV (${(error as Error).message.split('\n')[0]})`] };
  }
  // A header is a first line whose phone cell has no digit.
  const hasHeader = records.length > 0 && !/\d/.test(records[0]![0] ?? '');
  const body = hasHeader ? records.slice(1) : records;
  if (body.length === 0) return { ok: false, errors: ['в файле нет ни одной строки с номером'] };
  if (body.length > MAX_CALL_LIST_ROWS) return { ok: false, errors: [`в файле ${body.length} строк; за один раз — не больше ${MAX_CALL_LIST_ROWS}`] };

  const rows: CallListRow[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 1 + (hasHeader ? 1 : 0);
    if (cells.length < 3) return void errors.push(`строка ${line}: нужно три поля — телефон, отдел, дата услуги; найдено ${cells.length}`);
    const officeId = office(cells[1]!);
    if (officeId === null) return void errors.push(`строка ${line}, отдел: «${cells[1]}» — нет такого отдела`);
    const parsed = callListRowSchema.safeParse({ phone: cells[0], officeId, serviceDate: cells[2] });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = { phone: 'телефон', officeId: 'отдел', serviceDate: 'дата услуги' }[String(issue.path[0])] ?? String(issue.path[0]);
      return void errors.push(`строка ${line}, ${field}: ${issue.message}`);
    }
    if (parsed.data.serviceDate > today) return void errors.push(`строка ${line}, дата услуги: «${cells[2]}» — дата в будущем`);
    const earlier = seen.get(parsed.data.phone);
    if (earlier !== undefined) return void errors.push(`строка ${line}, телефон: номер уже есть в строке ${earlier}`);
    seen.set(parsed.data.phone, line);
    rows.push(parsed.data);
  });
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, 50).concat(errors.length > 50 ? [`…и ещё ${errors.length - 50} ошибок`] : []) };
  return { ok: true, rows, encoding };
}
