import { DECIMALS, type ReportTable } from './report-table.ts';

/**
 * Renders a ReportTable as CSV for Russian Excel, which opens a double-clicked .csv by the
 * system's regional settings: UTF-8 is recognised only with a byte-order mark, the list separator
 * is `;` (the comma is the decimal separator there), and numbers must be written with a decimal
 * comma or Excel reads them as text or dates. Numbers are rounded to the same places the XLSX
 * shows. Lines end with CRLF, as Excel writes them.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/**
 * A text cell that starts like a formula (= + - @) would be run by Excel: comments come from
 * anonymous clients, so a formula start gets an apostrophe before it, which Excel shows as text
 * (OWASP's advice on CSV injection). Not only at the cell's start: where the file is read with
 * another list separator (a comma outside Russia, a tab when pasted), `a,=HYPERLINK(…)` splits into
 * a cell starting with `=`. So every formula start after anything a reader may split on (comma,
 * semicolon, tab, line break), spaces and quotes skipped, is neutralised as well.
 */
const FORMULA_AFTER_SPLIT = /(^|[,;\t\r\n])([\s"]*)(?=[=+\-@])/g;
// A leading tab or CR is OWASP's too: some programs drop it and then see the formula.
const LEADING_BLANK = /^[\t\r]/;
export function neutraliseFormula(text: string): string {
  const neutral = text.replace(FORMULA_AFTER_SPLIT, "$1$2'");
  return LEADING_BLANK.test(neutral) ? `'${neutral}` : neutral;
}

function quote(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatNumberRu(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  // toFixed can give "-0.0" for a tiny negative; a person reads 0.
  return (Number(fixed) === 0 ? (0).toFixed(decimals) : fixed).replace('.', ',');
}

export function renderCsv(table: Pick<ReportTable, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((c) => quote(c.header)).join(CSV_SEPARATOR)];
  for (const row of table.rows) {
    lines.push(
      row.cells
        .map((cell, i) => {
          const kind = table.columns[i]?.kind ?? 'text';
          if (cell.value === null) return '';
          if (typeof cell.value === 'number' && kind !== 'text') return formatNumberRu(cell.value, DECIMALS[kind]);
          return quote(typeof cell.value === 'string' ? neutraliseFormula(cell.value) : String(cell.value));
        })
        .join(CSV_SEPARATOR),
    );
  }
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
