import type { SurveySummaryRecord } from '../../../../shared/records.ts';
import type { SurveyDefinition } from '../../../../shared/surveys/definition.ts';
import { isoDayText as dayText, moscowDateTime } from '../../format.ts';
import { SummaryQuestions } from './summary-figures-table.tsx';

/**
 * Summary forms already sent, newest first: whose, for which days, the counts and the remarks, the
 * figures on request. On the interviewer's page (this office's forms) and, with the office named,
 * on the survey's results page on the central.
 */
export function SentSummaries({ sent, definition, officeName, title = 'Уже отправленные формы' }: { sent: SurveySummaryRecord[]; definition: SurveyDefinition | null; officeName?: (id: string) => string; title?: string }) {
  if (sent.length === 0) return null;
  return (
    <section class="sent-summaries" aria-labelledby="sent-summaries-title">
      <h3 id="sent-summaries-title">{title}</h3>
      <ul>
        {sent.map((s) => (
          <li key={s.id} class="sent-summary" data-summary={s.id}>
            <p>
              {officeName && <strong>{officeName(s.officeId)}. </strong>}
              {s.period.from === s.period.to ? `За ${dayText(s.period.from)}` : `С ${dayText(s.period.from)} по ${dayText(s.period.to)}`}, версия {s.version}; отправил(а) {s.filledBy}, {moscowDateTime(s.bornAt)}.
              <br />
              Предложено: {s.figures.asked}, ответили: {s.figures.answered}, отказались: {s.figures.refused}.
            </p>
            <p class="summary-remarks">Замечания: {s.remarks ?? 'нет'}</p>
            {definition && (
              <details class="more">
                <summary>Ответы по вопросам</summary>
                <SummaryQuestions definition={definition} figures={s.figures} idPrefix={`sent-${s.id}`} />
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
