import type { SurveyDefinition } from '../../../../shared/surveys/definition.ts';
import { questionValues } from '../../../../shared/surveys/question-values.ts';
import type { SummaryFigures } from '../../../../shared/surveys/summary-figures.ts';
import { number } from '../../format.ts';
import './summary.css';

/**
 * The body of the summary form («итоговая форма»): visitors asked, answered, refused, and per
 * question how many answered, each value's count and share, a scale's mean. Shown to the
 * interviewer before sending, printed, and shown to the CX sector on the survey's results page.
 */
const share = (count: number, n: number) => (n === 0 ? '—' : `${number((count / n) * 100, 0)} %`);

export function SummaryTotals({ figures }: { figures: SummaryFigures }) {
  return (
    <dl class="summary-totals">
      <div>
        <dt>Предложено пройти опрос</dt>
        <dd>{figures.asked}</dd>
      </div>
      <div>
        <dt>Ответили</dt>
        <dd>
          {figures.answered}
          {figures.answered > figures.complete && <span class="muted"> (до конца — {figures.complete})</span>}
        </dd>
      </div>
      <div>
        <dt>Отказались отвечать</dt>
        <dd>{figures.refused}</dd>
      </div>
    </dl>
  );
}

export function SummaryQuestions({ definition, figures, idPrefix }: { definition: SurveyDefinition; figures: SummaryFigures; idPrefix: string }) {
  return (
    <>
      {definition.questions.map((question, index) => {
        const f = figures.questions.find((q) => q.id === question.id);
        if (!f) return null;
        const caption = `${index + 1}. ${question.text}`;
        const values = questionValues(question);
        return (
          <section key={question.id} class="summary-question" aria-labelledby={`${idPrefix}-${question.id}`}>
            <h4 id={`${idPrefix}-${question.id}`}>{caption}</h4>
            <p class="muted">
              Ответили: {f.n}
              {f.mean !== null && <>; среднее {number(f.mean, 2)}</>}
              {question.type === 'multiple' && '; можно было выбрать несколько'}
              {question.type === 'text' && '; тексты ответов — на странице итогов у сектора'}
            </p>
            {values.length > 0 && (
              <table class="grid summary-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">Ответ</th>
                    <th scope="col" class="num">
                      Сколько
                    </th>
                    <th scope="col" class="num">
                      Доля
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {values.map((v) => (
                    <tr key={v.value}>
                      <th scope="row">{v.label}</th>
                      <td class="num">{f.counts[v.value] ?? 0}</td>
                      <td class="num">{share(f.counts[v.value] ?? 0, f.n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </>
  );
}
