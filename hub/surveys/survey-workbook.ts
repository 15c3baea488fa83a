import type { QuestionResult } from '../../shared/api/surveys.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import type { AnswerValue } from '../../shared/surveys/answer-types.ts';
import type { SurveyQuestion, SurveyVersion } from '../../shared/surveys/definition.ts';
import { QUESTION_TYPE_LABEL, SURVEY_CHANNEL_LABEL } from '../../shared/surveys/survey-words.ts';
import type { Column, ReportTable, TableRow } from '../reports/report-table.ts';
import { renderWorkbook } from '../reports/xlsx.ts';
import type { AnswerRow } from './survey-results.ts';

/**
 * One survey version's results as an XLSX workbook: a sheet per question (its distribution with
 * counts, shares and Wilson 95 % bounds, the mean of a scale, or the texts), then every answer as
 * a row. The figures are the API's own (tally.ts), so the file cannot differ from the page.
 */
export interface WorkbookInput {
  version: SurveyVersion;
  questions: QuestionResult[];
  rows: AnswerRow[];
  /** «Вся область» or the office's name; and the channel's words, when filtered. */
  scope: string;
  officeName: (id: string) => string;
  generatedAt: number;
}

const col = (header: string, kind: Column['kind'], width = 12): Column => ({ header, kind, width });
const percent = (share: number | undefined): number | null => (share === undefined ? null : share * 100);

function questionTable(input: WorkbookInput, result: QuestionResult, index: number, question: SurveyQuestion): ReportTable {
  const subtitle = `${input.version.definition.meta.title}, версия ${input.version.version}; ${input.scope}; ответили ${result.n}; сформировано ${formatMoscowDateTime(input.generatedAt)}.`;
  const base = { sheet: `Вопрос ${index + 1}`, title: `${index + 1}. ${result.text} (${QUESTION_TYPE_LABEL[question.type]})`, subtitle };
  if (question.type === 'text') {
    const texts = input.rows.map((r) => r.answers[question.id]).filter((v): v is string => typeof v === 'string');
    return { ...base, columns: [col('Ответ', 'text', 90)], rows: texts.map((t) => ({ total: false, cells: [{ value: t }] })) };
  }
  const rows: TableRow[] = result.distribution.map((d) => ({
    total: false,
    cells: [{ value: d.label }, { value: d.count }, { value: percent(d.share) }, { value: percent(d.interval?.low) }, { value: percent(d.interval?.high) }],
  }));
  if (result.mean !== null) rows.push({ total: true, cells: [{ value: 'Среднее' }, { value: result.n }, { value: result.mean }, { value: null }, { value: null }] });
  return {
    ...base,
    columns: [col('Ответ', 'text', 36), col('Ответов', 'int', 10), col('Доля, % (среднее — балл)', 'decimal2', 14), col('95 % интервал: от, %', 'decimal2', 14), col('95 % интервал: до, %', 'decimal2', 14)],
    rows,
  };
}

/** How one answer reads in the raw sheet: the option's words, «да»/«нет», «другое: …». */
export function answerText(question: SurveyQuestion, value: AnswerValue | undefined): string | number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  const label = (id: string) => ('options' in question ? (question.options.find((o) => o.id === id)?.label ?? id) : id);
  if (typeof value === 'string') return question.type === 'single' ? label(value) : value;
  return [...value.chosen.map(label), ...(value.other === null ? [] : [`другое: ${value.other}`])].join('; ');
}

function rawTable(input: WorkbookInput): ReportTable {
  const questions = input.version.definition.questions;
  return {
    sheet: 'Ответы',
    title: `${input.version.definition.meta.title}, версия ${input.version.version}: все ответы`,
    subtitle: `${input.scope}; ответов ${input.rows.length}; время московское; сформировано ${formatMoscowDateTime(input.generatedAt)}.`,
    columns: [
      col('Номер ответа', 'text', 38),
      col('Отдел', 'text', 28),
      col('Канал', 'text', 18),
      col('Время', 'text', 18),
      col('Дошёл до конца', 'text', 10),
      ...questions.map((q, i) => col(`${i + 1}. ${q.text}`, q.type === 'scale-5' || q.type === 'scale-10' ? 'int' : 'text', q.type === 'text' ? 40 : 16)),
    ],
    rows: input.rows.map((r) => ({
      total: false,
      cells: [
        { value: r.id },
        { value: input.officeName(r.officeId) },
        { value: SURVEY_CHANNEL_LABEL[r.channel] ?? r.channel },
        { value: formatMoscowDateTime(r.bornAt) },
        { value: r.complete ? 'да' : 'нет' },
        ...questions.map((q) => ({ value: answerText(q, r.answers[q.id]) })),
      ],
    })),
  };
}

export function renderSurveyWorkbook(input: WorkbookInput): Promise<Buffer> {
  const questions = input.version.definition.questions;
  const sheets = input.questions.map((result, i) => questionTable(input, result, i, questions[i]!));
  return renderWorkbook([...sheets, rawTable(input)], input.generatedAt);
}
