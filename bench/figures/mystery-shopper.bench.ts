import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRecordId } from '../../shared/ids.ts';
import { templateContentSchema } from '../../shared/mystery-shopper.ts';
import { MARKS } from '../../shared/mystery-shopper-words.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { parsePeriodKey } from '../../shared/periods.ts';
import { mulberry32 } from '../../shared/seeded-random.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { buildReport } from '../../hub/mystery-shopper/report.ts';
import { createTemplate, criteriaOf } from '../../hub/mystery-shopper/template-store.ts';
import { listVisits } from '../../hub/mystery-shopper/visit-store.ts';
import { figure, timeAsyncRuns, timeRuns, type BenchFigure } from '../figure.ts';

/**
 * The mystery shopper's справка (GET /api/mystery-shopper/report) for a region far busier than
 * Kostroma's: 25 offices visited twice a month for ten years, 6,000 approved visits of one template
 * with 30 criteria. Timed over the longest period a справка takes (five years: 3,000 visits) — the
 * rows it reads and parses, the offices' means with their intervals, the criteria's shares — beside
 * the raw SELECT of the same rows that it starts from; and over one year (600 visits).
 */
const OFFICES = DEFAULT_OFFICES.map((o) => o.id);
const CRITERIA = 30;
const VISITS = OFFICES.length * 24 * 10;

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'czn-bench-mystery-'));
  const { db } = openDatabase(path.join(dir, 'central.sqlite'));
  const sql = sqlOverSqlite(db);
  try {
    const content = templateContentSchema.parse({
      name: 'Бенчмарк',
      scenario: 'Сценарий',
      criteria: Array.from({ length: CRITERIA }, (_, i) => ({ text: `Критерий ${i + 1}`, group: `Раздел ${1 + (i % 5)}`, weight: 1 + (i % 10) })),
    });
    const made = await createTemplate(sql, newRecordId(), content, 'bench', Date.now());
    if (!made.ok) throw new Error(made.reason);
    const criteria = criteriaOf(made.row);
    const rand = mulberry32(308);
    const insert = db.prepare(
      `INSERT INTO ms_visit (id, template_id, office_id, visited_on, visited_time, scenario, shopper, marks, notes, conclusions, proposals, score, body, created_by, created_at, updated_by, updated_at, approved_by, approved_at)
       VALUES (?, ?, ?, ?, '10:40', 'Сценарий', 'Клиент', ?, 'Замечания', 'Выводы аналитика по визиту', 'Предложения', ?, '{}', 'bench', 0, 'bench', 0, 'bench', 1)`,
    );
    const start = Date.UTC(2016, 0, 1);
    db.transaction(() => {
      for (let i = 0; i < VISITS; i++) {
        const marks = criteria.map((c) => ({ criterionId: c.id, mark: MARKS[Math.floor(rand() * 4)]!, note: rand() < 0.2 ? 'примечание к критерию' : '' }));
        const day = new Date(start + Math.floor((i / VISITS) * 3650) * 86_400_000).toISOString().slice(0, 10);
        insert.run(newRecordId(), made.row.id, OFFICES[i % OFFICES.length], day, JSON.stringify(marks), 100 * rand());
      }
    })();
    const decade = parsePeriodKey('2021-01-01_2025-12-31');
    const year = parsePeriodKey('2025-01-01_2025-12-31');
    if (!decade.ok || !year.ok) throw new Error('period');
    const query = (period: typeof decade.value) => ({ period, familyId: made.row.family_id, officeId: null, scope: { officeIds: 'all' as const }, officeName: (id: string) => id, now: Date.now(), preparedBy: 'bench' });
    const whole = await timeAsyncRuns(10, () => buildReport(sql, query(decade.value)));
    const oneYear = await timeAsyncRuns(20, () => buildReport(sql, query(year.value)));
    const rows = await listVisits(sql, { from: '2021-01-01', to: '2025-12-31', familyId: made.row.family_id }, { officeIds: 'all' });
    const floor = timeRuns(10, () => db.prepare('SELECT * FROM ms_visit WHERE visited_on BETWEEN ? AND ?').all('2021-01-01', '2025-12-31'));
    return [
      figure('mystery-shopper справка, five years: 3,000 visits × 30 criteria, median', whole.median, 'ms', { name: 'SELECT of the same rows', value: floor.median, unit: 'ms' }, `p90 ${whole.p90.toFixed(1)} ms; ${rows.length} visits read`),
      figure('mystery-shopper справка, one year (600 visits), median', oneYear.median, 'ms', null, `p90 ${oneYear.p90.toFixed(1)} ms`),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
