import ExcelJS from 'exceljs';
import { HEADER_ROW } from '../../hub/reports/xlsx.ts';

/** The hub's XLSX and CSV files read back as rows of text, from the header row down, as a person's spreadsheet would show them. */
/** A line of the Russian-Excel CSV (`;`, quotes doubled, BOM) split into cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') row.push(cell), (cell = '');
    else if (ch === '\r' && body[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = '')), i++;
    else cell += ch;
  }
  return rows;
}

export async function readXlsx(res: Response): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row, n) => {
    if (n < HEADER_ROW) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => (values[i] == null ? '' : String(values[i]))));
  });
  return rows;
}

