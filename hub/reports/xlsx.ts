import type ExcelJS from 'exceljs';
import { loadOnFirstUse } from '../load-on-first-use.ts';
import type { ColumnKind, ReportTable } from './report-table.ts';

const excel = loadOnFirstUse<typeof ExcelJS>('exceljs');

/**
 * Renders a ReportTable as an XLSX workbook: title and subtitle above a frozen, formatted header
 * row, exact numbers under display formats (Russian Excel shows them with a decimal comma by
 * itself), small samples in grey italics, the total row bold.
 */
export const HEADER_ROW = 3;

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '0',
  decimal2: '0.00',
  percent1: '0.0',
  signed1: '+0.0;-0.0;0.0',
};

const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const GREY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4F6F8' } };

export const renderXlsx = (table: ReportTable, createdAt: number): Promise<Buffer> => renderWorkbook([table], createdAt);

/** Several tables, one worksheet each, in the order given. */
export async function renderWorkbook(tables: readonly ReportTable[], createdAt: number): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'ОГКУ «ЦЗН Костромской области»: система обратной связи';
  workbook.created = new Date(createdAt);
  for (const table of tables) addSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, table: ReportTable): void {
  const sheet = workbook.addWorksheet(table.sheet, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  table.columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
  });

  sheet.mergeCells(1, 1, 1, table.columns.length);
  const title = sheet.getCell(1, 1);
  title.value = table.title;
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(2, 1, 2, table.columns.length);
  const subtitle = sheet.getCell(2, 1);
  subtitle.value = table.subtitle;
  subtitle.font = { italic: true, color: { argb: 'FF595959' } };

  const header = sheet.getRow(HEADER_ROW);
  header.values = table.columns.map((c) => c.header);
  header.height = 45;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = GREY_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
  });

  table.rows.forEach((row, r) => {
    const excelRow = sheet.getRow(HEADER_ROW + 1 + r);
    row.cells.forEach((cell, c) => {
      const column = table.columns[c];
      const target = excelRow.getCell(c + 1);
      target.value = cell.value;
      const format = column ? NUMBER_FORMAT[column.kind] : undefined;
      if (format) target.numFmt = format;
      target.border = { top: thin, bottom: thin, left: thin, right: thin };
      if (cell.small && cell.value !== null) target.font = { italic: true, color: { argb: 'FF7F7F7F' } };
      if (row.total) {
        target.font = { ...(target.font ?? {}), bold: true };
        target.fill = TOTAL_FILL;
      }
    });
  });
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: table.columns.length } };
}
