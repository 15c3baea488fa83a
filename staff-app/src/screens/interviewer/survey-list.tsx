import type { SurveyVersion } from '../../../../shared/surveys/definition.ts';
import { Empty } from '../../components/states.tsx';
import { isoDayText } from '../../format.ts';
import type { DayTally } from './interviewer-db.ts';

/** The exit polls this office runs today, each with what this device took today and its two ways in. */
export function SurveyList({ surveys, tally, onAsk, onSummary }: { surveys: SurveyVersion[]; tally: DayTally[]; onAsk: (v: SurveyVersion) => void; onSummary: (v: SurveyVersion) => void }) {
  if (surveys.length === 0) return <Empty>Сегодня в вашем отделе нет опросов на выходе. Их назначает сектор клиентского опыта; новый опрос появится здесь после обновления страницы.</Empty>;
  return (
    <ul class="interviewer-surveys">
      {surveys.map((v) => {
        const t = tally.find((x) => x.surveyId === v.surveyId);
        const headingId = `survey-${v.surveyId}`;
        return (
          <li key={v.surveyId} class="card">
            <h2 id={headingId}>{v.definition.meta.title}</h2>
            <p class="muted">
              Вопросов: {v.definition.questions.length}; проводится до {isoDayText(v.definition.meta.period.to)}.
            </p>
            <p class="interviewer-today">
              Сегодня на этом устройстве: ответов {t?.answers ?? 0}, отказов {t?.refusals ?? 0}.
            </p>
            <div class="buttons">
              <button type="button" class="ask-start" onClick={() => onAsk(v)}>
                Опрашивать посетителей
              </button>
              <button type="button" class="secondary" onClick={() => onSummary(v)}>
                Итоговая форма
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
