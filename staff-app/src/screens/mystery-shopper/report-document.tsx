import type { ReportResponse } from '../../../../shared/api/mystery-shopper.ts';
import { MARK_LABEL } from '../../../../shared/mystery-shopper-words.ts';
import { moscowDateTime } from '../../format.ts';
import { intervalText, percent, share, visitWhen } from './ms-format.ts';

/**
 * The справка as a document: what was studied and why, when and where, each visit's score, each
 * office's, the criteria with how often they were met (the weakest named), the shortfalls, notes
 * and the analyst's conclusions, and who prepared it. No pseudonyms: the office reads it.
 */
const WEAKEST = 5;

export function ReportDocument({ report: r }: { report: ReportResponse }) {
  const offices = [...new Set(r.visits.map((v) => v.officeName))];
  const weakest = r.criteria.filter((c) => c.share !== null && c.share < 1).slice(0, WEAKEST);
  return (
    <article class="ms-report" id="ms-report-document" aria-labelledby="ms-report-title">
      <p class="ms-report-org">ОГКУ «Центр занятости населения Костромской области» · сектор управления клиентским опытом</p>
      <h2 id="ms-report-title">Справка о проведённом мероприятии «Тайный клиент»</h2>
      <dl class="ms-facts">
        <dt>Анкета</dt>
        <dd>
          {r.template.name}
          {r.template.versions.length > 0 && ` (версии: ${r.template.versions.join(', ')})`}
        </dd>
        <dt>Период</dt>
        <dd>{r.period.label}</dd>
        <dt>Отдел</dt>
        <dd>{r.office ? r.office.name : 'все отделы'}</dd>
        <dt>Посещены</dt>
        <dd id="ms-report-offices">{offices.length ? offices.join(', ') : 'визитов с утверждённым отчётом нет'}</dd>
        <dt>Визитов</dt>
        <dd>
          {r.visits.length}
          {r.draftsLeftOut > 0 && ` (ещё ${r.draftsLeftOut} с неутверждённым отчётом не вошли)`}
        </dd>
      </dl>
      {r.template.goals && (
        <>
          <h3>Цели и задачи</h3>
          <p class="pre-line">{r.template.goals}</p>
        </>
      )}
      <h3>Сценарий взаимодействия</h3>
      <p class="pre-line">{r.template.scenario}</p>

      <h3>Визиты и оценки</h3>
      <table class="grid" id="ms-report-visits">
        <caption class="visually-hidden">Визиты и их оценки</caption>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">Дата</th>
            <th scope="col">Отдел</th>
            <th scope="col">Версия анкеты</th>
            <th scope="col">Оценка</th>
          </tr>
        </thead>
        <tbody>
          {r.visits.map((v, i) => (
            <tr key={v.id}>
              <td class="num">{i + 1}</td>
              <td>{visitWhen(v)}</td>
              <th scope="row">{v.officeName}</th>
              <td class="num">{v.templateVersion}</td>
              <td class="num">{percent(v.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Оценка по отделам</h3>
      <table class="grid" id="ms-report-offices-table">
        <caption class="visually-hidden">Средняя оценка каждого отдела</caption>
        <thead>
          <tr>
            <th scope="col">Отдел</th>
            <th scope="col">Визитов</th>
            <th scope="col">Средняя оценка</th>
            <th scope="col">95 % интервал</th>
          </tr>
        </thead>
        <tbody>
          {r.officeScores.map((s) => (
            <tr key={s.officeId}>
              <th scope="row">{s.officeName}</th>
              <td class="num">{s.n}</td>
              <td class="num">{percent(s.mean)}</td>
              <td>{intervalText(s.interval)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Выполнение критериев (от слабых к сильным)</h3>
      <table class="grid" id="ms-report-criteria">
        <caption class="visually-hidden">Доля выполнения каждого критерия по визитам</caption>
        <thead>
          <tr>
            <th scope="col">Критерий</th>
            <th scope="col">Раздел</th>
            <th scope="col">Вес</th>
            <th scope="col">{MARK_LABEL.met}</th>
            <th scope="col">{MARK_LABEL.partly}</th>
            <th scope="col">{MARK_LABEL.missed}</th>
            <th scope="col">{MARK_LABEL.na}</th>
            <th scope="col">Доля выполнения</th>
          </tr>
        </thead>
        <tbody>
          {r.criteria.map((c) => (
            <tr key={c.criterionId}>
              <th scope="row">{c.text}</th>
              <td>{c.group}</td>
              <td class="num">{c.weight}</td>
              <td class="num">{c.met}</td>
              <td class="num">{c.partly}</td>
              <td class="num">{c.missed}</td>
              <td class="num">{c.na}</td>
              <td class="num">{share(c.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Слабые места</h3>
      {weakest.length === 0 ? (
        <p>Все применимые критерии выполнены полностью.</p>
      ) : (
        <ol id="ms-report-weakest">
          {weakest.map((c) => (
            <li key={c.criterionId}>
              {c.text} — выполнен в {share(c.share)} визитов, где применим ({c.n})
            </li>
          ))}
        </ol>
      )}

      <h3>Замечания и выводы по визитам</h3>
      {r.visits.map((v, i) => (
        <section key={v.id} class="ms-report-visit">
          <h4>
            {i + 1}. {v.officeName}, {visitWhen(v)}: {percent(v.score)}
          </h4>
          {v.shortfalls.length > 0 && (
            <ul>
              {v.shortfalls.map((s) => (
                <li key={s.text}>
                  {s.text}: {MARK_LABEL[s.mark]}
                  {s.note && ` — ${s.note}`}
                </li>
              ))}
            </ul>
          )}
          {v.notes && <p class="pre-line">Замечания: {v.notes}</p>}
          <p class="pre-line">Выводы: {v.conclusions}</p>
          {v.proposals && <p class="pre-line">Предложения: {v.proposals}</p>}
        </section>
      ))}
      <p class="ms-report-signature">
        Подготовил: {r.preparedBy}. Сформировано {moscowDateTime(r.generatedAt)} (время московское).
      </p>
      <p class="ms-report-note">Информация носит внутриведомственный характер и не подлежит опубликованию.</p>
    </article>
  );
}
