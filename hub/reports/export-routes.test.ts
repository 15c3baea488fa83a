import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../server.ts';
import type { MetricFigures } from './counts.ts';
import type { FiguresTable } from './figures.ts';
import { FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { BOTH_DATABASES, getJson, staffFetch, startFixtureHub, type TestDatabase } from '../../test/support/fixture-hub.ts';
import { HEADER_ROW } from './xlsx.ts';
import { listAudit } from '../staff/audit.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { renderCsv } from './csv.ts';

let hub: RunningHub;
// The same fixture in a central on PostgreSQL (DATABASE_URL): its tables must be the same files' contents.
let onPostgres: RunningHub;
const hubOn = (database: TestDatabase): RunningHub => (database === 'sqlite' ? hub : onPostgres);
beforeAll(async () => {
  ({ hub } = await startFixtureHub({ clock: () => moscowNov(30, 12) }));
  ({ hub: onPostgres } = await startFixtureHub({ clock: () => moscowNov(30, 12), database: 'postgres' }));
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await onPostgres?.close();
});

async function download(path: string, on: RunningHub = hub): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await staffFetch(`${on.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

/** The sheet's data rows as arrays of values, header row first; column 1 is the office name. */
async function readXlsx(body: Buffer): Promise<{ sheet: ExcelJS.Worksheet; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  for (let r = HEADER_ROW; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: sheet.columnCount }, (_, c) => row.getCell(c + 1).value ?? null));
  }
  return { sheet, rows };
}

function readCsv(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  // the fixture has no quoted separators in it, so a plain split is a faithful reading
  return text.slice(1).trimEnd().split('\r\n').map((line) => line.split(';'));
}

const ru = (value: number | null, decimals: number): string => (value === null ? '' : value.toFixed(decimals).replace('.', ','));

function rowsByName(api: FiguresTable): Map<string, MetricFigures> {
  return new Map([...api.offices.map((r) => [r.office.name, r.figures] as const), [api.total.label, api.total.figures]]);
}

describe.each(BOTH_DATABASES)('weekly panel table: XLSX and CSV equal the API (central on %s)', (database) => {
  it('XLSX parsed back with exceljs', async () => {
    const api = (await getJson<FiguresTable>(`${hubOn(database).url}/api/figures?period=${FIXTURE_WEEK}`)).body;
    const file = await download(`/api/reports/weekly-panel/${FIXTURE_WEEK}.xlsx`, hubOn(database));
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/spreadsheetml/);
    expect(file.disposition).toContain('weekly-panel-2026-W48.xlsx');
    const { sheet, rows } = await readXlsx(file.body);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(String(sheet.getCell(1, 1).value)).toContain('неделя 23.11.2026–29.11.2026');
    expect(rows[0]?.slice(0, 3)).toEqual(['Отдел / отделение', 'Средний балл', 'Число оценок']);
    const data = rows.slice(1);
    expect(data).toHaveLength(26);
    const expected = rowsByName(api);
    for (const row of data) {
      const figures = expected.get(String(row[0]));
      expect(figures, String(row[0])).toBeDefined();
      expect(row.slice(1, 9)).toEqual([figures!.panel.value, figures!.panel.n, ...figures!.panel.distribution, figures!.panel.suppressed]);
    }
    expect(data[25]?.[0]).toBe('Итого по области');
    expect(sheet.getRow(HEADER_ROW + 26).getCell(1).font?.bold).toBe(true);
    const sharya = data.find((r) => r[0] === 'Шарьинское отделение');
    expect(sharya?.[9]).toMatch(/малая выборка/);
    const kostromaRow = sheet.getRow(HEADER_ROW + 1);
    expect([kostromaRow.getCell(1).value, kostromaRow.getCell(10).value]).toEqual(['Костромское отделение', 'нет пульта']);
    expect(data.find((r) => r[0] === 'Галичское отделение')?.[9]).toBe('нет нажатий');
    expect(sheet.getRow(HEADER_ROW + 1 + data.findIndex((r) => r[0] === 'Шарьинское отделение')).getCell(2).font?.italic).toBe(true);
    expect(sheet.getRow(HEADER_ROW + 1 + data.findIndex((r) => r[0] === 'Буйское отделение')).getCell(2).font?.italic).toBeFalsy();
  });

  it('CSV: UTF-8 BOM, ";", decimal comma', async () => {
    const api = (await getJson<FiguresTable>(`${hubOn(database).url}/api/figures?period=${FIXTURE_WEEK}`)).body;
    const file = await download(`/api/reports/weekly-panel/${FIXTURE_WEEK}.csv`, hubOn(database));
    expect(file.type).toMatch(/text\/csv/);
    const lines = readCsv(file.body);
    expect(lines[0]?.[1]).toBe('Средний балл');
    expect(lines).toHaveLength(27);
    const expected = rowsByName(api);
    for (const line of lines.slice(1)) {
      const f = expected.get(line[0]!)!;
      expect(line.slice(1, 9)).toEqual([ru(f.panel.value, 2), String(f.panel.n), ...f.panel.distribution.map(String), String(f.panel.suppressed)]);
    }
    expect(lines.find((l) => l[0] === 'Шарьинское отделение')?.[1]).toBe('3,43');
    expect(lines.find((l) => l[0] === 'Итого по области')?.slice(1, 3)).toEqual(['4,13', '47']);
  });
});

describe.each(BOTH_DATABASES)('monthly CSAT / NPS / CES table: XLSX and CSV equal the API (central on %s)', (database) => {
  it('both renderings carry the same figures as /api/figures?period=2026-11', async () => {
    const api = (await getJson<FiguresTable>(`${hubOn(database).url}/api/figures?period=2026-11`)).body;
    const expected = rowsByName(api);
    const { rows } = await readXlsx((await download('/api/reports/monthly/2026-11.xlsx', hubOn(database))).body);
    expect(rows[0]?.slice(1, 4)).toEqual(['CSAT, %', 'Ответов CSAT', 'NPS']);
    const csv = readCsv((await download('/api/reports/monthly/2026-11.csv', hubOn(database))).body);
    expect(rows.slice(1)).toHaveLength(26);
    for (const [i, row] of rows.slice(1).entries()) {
      const f = expected.get(String(row[0]))!;
      expect(row.slice(1, 11)).toEqual([f.csat.value, f.csat.n, f.nps.value, f.nps.n, f.nps.promoters, f.nps.passives, f.nps.detractors, f.ces.value, f.ces.n, f.responses]);
      expect(csv[i + 1]?.slice(0, 11)).toEqual([
        String(row[0]),
        ru(f.csat.value, 1),
        String(f.csat.n),
        ru(f.nps.value, 1),
        String(f.nps.n),
        ru(f.nps.promoters, 1),
        ru(f.nps.passives, 1),
        ru(f.nps.detractors, 1),
        ru(f.ces.value, 2),
        String(f.ces.n),
        String(f.responses),
      ]);
    }
    // November: the W48 responses plus Monday 30.11 (still November): sharya 13 CSAT answers, 9 of them 4–5
    expect(csv.find((l) => l[0] === 'Шарьинское отделение')?.slice(1, 3)).toEqual(['69,2', '13']);
  });

  it('a week key for the monthly report, or a bad extension, is 400', async () => {
    expect((await download(`/api/reports/monthly/${FIXTURE_WEEK}.xlsx`, hubOn(database))).status).toBe(400);
    expect((await download('/api/reports/weekly-panel/2026-W48.pdf', hubOn(database))).status).toBe(400);
  });
});

describe('comments export', () => {
  it('CSV of the filtered feed', async () => {
    const lines = readCsv((await download(`/api/comments.csv?period=${FIXTURE_WEEK}&tone=negative`)).body);
    expect(lines.map((l) => l[l.length - 1])).toEqual(['Комментарий', 'Ужасно', 'Сложно найти нужный кабинет', 'Долго ждал в очереди']);
    expect(lines[1]?.[0]).toBe('29.11.2026 23:59:59');
  });
});

describe('exports are audited', () => {
  it('each successful download is in the audit log with the user and what was exported; a refused one is not', async () => {
    await download(`/api/reports/weekly-panel/${FIXTURE_WEEK}.csv`);
    await download('/api/reports/weekly-panel/not-a-week.csv');
    const entries = await listAudit(hub.ctx.sql, { limit: 50, actionPrefix: 'export' });
    expect(entries.map((e) => [e.actor, e.target])).toContainEqual(['analyst', `/api/reports/weekly-panel/${FIXTURE_WEEK}.csv`]);
    expect(entries.some((e) => e.target?.includes('not-a-week'))).toBe(false);
  });
});

describe('who downloads what', () => {
  it('АХО gets the weekly panel table (also as last.xlsx, the last complete week), not the monthly survey table nor the comments', async () => {
    const aho = await staffSession(hub, 'aho-tech', [{ role: 'aho' }]);
    const last = await aho.fetch('/api/reports/weekly-panel/last.xlsx');
    expect(last.status).toBe(200);
    // the hub's clock is Monday 30.11, so the last complete week is W48
    expect(last.headers.get('content-disposition')).toContain(`weekly-panel-${FIXTURE_WEEK}.xlsx`);
    expect((await aho.fetch(`/api/reports/weekly-panel/${FIXTURE_WEEK}.csv`)).status).toBe(200);
    expect((await aho.fetch('/api/reports/monthly/2026-11.csv')).status).toBe(403);
    expect((await aho.fetch(`/api/comments.csv?period=${FIXTURE_WEEK}`)).status).toBe(403);
    expect((await aho.fetch(`/api/figures?period=${FIXTURE_WEEK}`)).status).toBe(403);
  });

  it('an office head on the central sees only their office in every figure, comment and export', async () => {
    const head = await staffSession(hub, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
    const figures = (await (await head.fetch(`/api/figures?period=${FIXTURE_WEEK}`)).json()) as FiguresTable;
    expect(figures.offices.map((r) => r.office.id)).toEqual(['sharya']);
    expect((await head.fetch(`/api/figures/office/buy?period=${FIXTURE_WEEK}`)).status).toBe(404);
    const comments = (await (await head.fetch(`/api/comments?period=${FIXTURE_WEEK}&office=kostroma`)).json()) as { entries: unknown[] };
    expect(comments.entries).toEqual([]);
    const csv = readCsv(Buffer.from(await (await head.fetch(`/api/reports/weekly-panel/${FIXTURE_WEEK}.csv`)).arrayBuffer()));
    expect(csv.slice(1).map((l) => l[0])).toEqual(['Шарьинское отделение', expect.stringMatching(/^Итого/)]);
  });
});

describe('CSV cells that look like formulas', () => {
  it('are written as text with a leading apostrophe, so Excel does not run them', () => {
    const row = (value: string) => ({ cells: [{ value }], total: false });
    const table = { columns: [{ header: 'Комментарий', kind: 'text' as const, width: 40 }], rows: [row('=HYPERLINK("http://x";"y")'), row('-плохо'), row('обычный')] };
    const lines = renderCsv(table).slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual(['Комментарий', `"'=HYPERLINK(""http://x"";""y"")"`, "'-плохо", 'обычный']);
  });

  it('no reading of the file, with a comma, semicolon or tab as separator, yields a cell that starts a formula (issue 12)', () => {
    const comments = [
      'a,=HYPERLINK("http://evil.example";"жми")',
      'всё хорошо,+7 (999) 000-00-00 звонил',
      'ок;@SUM(A1:A9)',
      'ок,"=1+1"',
      'ок, \t-2+3',
      'первая строка\r\n=cmd|\' /C calc\'!A0',
      '\t=1+1',
      'оценка 5 - отлично, спасибо',
    ];
    const table = {
      columns: [
        { header: 'Отдел', kind: 'text' as const, width: 30 },
        { header: 'Комментарий', kind: 'text' as const, width: 40 },
      ],
      rows: comments.map((comment) => ({ cells: [{ value: 'Шарьинское отделение' }, { value: comment }], total: false })),
    };
    const text = renderCsv(table).slice(1);
    // The most suspicious reading: split at every separator and line break, ignoring quotes; a
    // reader that honours quotes starts its cells at a subset of these places.
    for (const separator of [',', ';', '\t']) {
      for (const line of text.split(/\r\n|\r|\n/)) {
        for (const cell of line.split(separator)) expect(cell.replace(/^[\s"]+/, ''), `${JSON.stringify(cell)} read with ${JSON.stringify(separator)}`).not.toMatch(/^[=+\-@]/);
      }
    }
    // Read as intended (semicolons, quotes honoured), each comment is still there, apostrophes aside.
    expect(readSemicolonCsv(text).slice(1).map((cells) => cells[1]?.replace(/'/g, ''))).toEqual(comments.map((c) => c.replace(/'/g, '')));
  });
});

/** RFC 4180 with `;`: quoted cells may hold separators, quotes (doubled) and line breaks. */
function readSemicolonCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [cell, i] = [cell + '"', i + 1];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') [row, cell] = [[...row, cell], ''];
    else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      [row, cell, i] = [[], '', i + 1];
    } else cell += c;
  }
  return rows;
}
