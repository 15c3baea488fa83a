import type { Pain } from '../../shared/api/pain-map.ts';
import { MEASURE_STATUS_LABEL, PAIN_STATUS_LABEL, PRIORITY_LABEL, TARGET_LABEL } from '../../shared/pain-map-words.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { INTERNAL_MARK } from '../analysis/negative-table.ts';
import type { Column, ReportTable, TableRow } from '../reports/report-table.ts';

/**
 * The quarter's pain map as one sheet, in the order of seed 001 §4.6 (problems and needs found,
 * the measures to remove them, their deadlines), with where each was found, who owns each measure
 * and, for those done, the figure before and after with the verdict. One row per measure; a pain
 * without measures yet has a row of its own.
 */
const col = (header: string, width: number): Column => ({ header, kind: 'text', width });

export function painMapTable(quarterLabel: string, pains: readonly Pain[], generatedAt: number): ReportTable {
  const rows: TableRow[] = [];
  pains.forEach((p, i) => {
    const pain = [
      { value: String(i + 1) },
      { value: p.process },
      { value: p.officeName },
      { value: p.title + (p.description ? `\n${p.description}` : '') },
      { value: p.evidence.map((e) => e.text).join('\n') || null },
      { value: PRIORITY_LABEL[p.priority] },
      { value: PAIN_STATUS_LABEL[p.status] },
    ];
    const measures = p.measures.length > 0 ? p.measures : [null];
    for (const m of measures) {
      rows.push({
        total: false,
        cells: [
          ...pain,
          { value: m?.text ?? null },
          { value: m?.owner ?? null },
          { value: m ? dotted(m.dueOn) : null },
          { value: m ? MEASURE_STATUS_LABEL[m.status] + (m.overdue ? ', просрочено' : '') + (m.doneOn ? ` ${dotted(m.doneOn)}` : '') : null },
          { value: m?.effect ? `${TARGET_LABEL[m.target]}: ${m.effect.sentence}` : null },
          { value: m?.review ?? null },
        ],
      });
    }
  });
  return {
    sheet: 'Карта болей',
    title: `Карта болей клиента: ${quarterLabel}`,
    subtitle: `Сформировано ${formatMoscowDateTime(generatedAt)} (МСК). ${INTERNAL_MARK}`,
    columns: [
      col('№', 5),
      col('Процесс (услуга, жизненная ситуация)', 26),
      col('Отдел', 22),
      col('Выявленная проблема, потребность клиента', 40),
      col('Где выявлена', 40),
      col('Приоритет', 11),
      col('Состояние проблемы', 13),
      col('Мероприятие по устранению', 40),
      col('Ответственный', 20),
      col('Срок реализации', 12),
      col('Выполнение', 16),
      col('Результат: показатель до и после', 50),
      col('Заключение директора', 30),
    ],
    rows,
  };
}

const dotted = (date: string): string => date.split('-').reverse().join('.');
