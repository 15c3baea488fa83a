import { useState } from 'preact/hooks';
import type { StaffGroupsResponse, StaffLinkCountsResponse, StaffLinksResponse } from '../../../../shared/api/staff-survey.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { number } from '../../format.ts';
import './staff-survey.css';

/**
 * The staff survey's own part of a survey's page (seed 001 §5, docs/surveys.md): one-time links
 * printed per office as slips to cut and hand out, how many were answered, and the results by
 * office — an office only with five or more answers, the rest pooled as «прочие».
 */
export function StaffSurveyPanel({ surveyId, title, offices, mayBuild }: { surveyId: string; title: string; offices: { id: string; name: string }[]; mayBuild: boolean }) {
  const counts = useLoad(() => getJson<StaffLinkCountsResponse>(`/api/surveys/${surveyId}/staff-links`), [surveyId]);
  const groups = useLoad(() => getJson<StaffGroupsResponse>(`/api/surveys/${surveyId}/staff-groups`), [surveyId]);
  const [office, setOffice] = useState(offices[0]?.id ?? '');
  const [count, setCount] = useState('10');
  const [slips, setSlips] = useState<StaffLinksResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = (id: string | null) => (id === null ? 'прочие' : (offices.find((o) => o.id === id)?.name ?? id));

  const print = async (e: Event) => {
    e.preventDefault();
    try {
      setSlips(await sendJson<StaffLinksResponse>('POST', `/api/surveys/${surveyId}/staff-links`, { officeId: office, count: Number(count) }));
      setError(null);
      counts.reload();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : 'Ссылки не созданы.');
    }
  };

  return (
    <section class="staff-survey" aria-labelledby="staff-survey-title">
      <h2 id="staff-survey-title">Опрос сотрудников: ссылки и итоги по отделам</h2>
      <p class="hint">Ответы анонимны: ссылка выдаётся отделу, а не человеку, и не хранится рядом с ответом. Итоги отдела показываются, только если ответили не меньше {groups.data?.minGroup ?? 5} сотрудников.</p>
      {mayBuild && (
        <form class="staff-survey-print" onSubmit={print}>
          <Field id="staff-office" label="Отдел">
            {(c) => (
              <select {...c} value={office} onChange={(e) => setOffice(inputValue(e))}>
                {offices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="staff-count" label="Сколько ссылок (по числу сотрудников)" error={error}>
            {(c) => <input {...c} type="number" min={1} max={500} value={count} onInput={(e) => setCount(inputValue(e))} />}
          </Field>
          <button type="submit">Создать ссылки для печати</button>
        </form>
      )}
      {slips && (
        <div class="staff-slips" id="staff-slips">
          <p class="no-print">
            Ссылки показываются один раз: напечатайте и разрежьте листки (<button type="button" class="link" onClick={() => print_()}>печать</button>), затем раздайте по одному каждому сотруднику.
          </p>
          {slips.slips.map((s) => (
            <div key={s.link} class="staff-slip">
              <div class="slip-qr" role="img" aria-label="QR-код ссылки на опрос" dangerouslySetInnerHTML={{ __html: s.qrSvg }} />
              <p>
                <strong>{title}</strong>
                <br />
                {name(slips.officeId)}. Анонимно, один ответ по этой ссылке:
                <br />
                <code>{s.link}</code>
              </p>
            </div>
          ))}
        </div>
      )}
      <h3>Выдано и получено</h3>
      {counts.error ? (
        <Failed message={counts.error} retry={counts.reload} />
      ) : !counts.data ? (
        <Loading />
      ) : (
        <table class="staff-counts">
          <caption class="visually-hidden">Ссылки опроса сотрудников по отделам</caption>
          <thead>
            <tr>
              <th scope="col">Отдел</th>
              <th scope="col">Ссылок выдано</th>
              <th scope="col">Ответов</th>
            </tr>
          </thead>
          <tbody>
            {counts.data.offices.map((o) => (
              <tr key={o.officeId}>
                <th scope="row">{name(o.officeId)}</th>
                <td>{o.printed}</td>
                <td>{o.answered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Итоги по отделам</h3>
      {groups.error ? (
        <Failed message={groups.error} retry={groups.reload} />
      ) : !groups.data ? (
        <Loading />
      ) : (
        <GroupsTable data={groups.data} name={name} />
      )}
    </section>
  );
}

const print_ = () => window.print();

function GroupsTable({ data, name }: { data: StaffGroupsResponse; name: (id: string | null) => string }) {
  const scales = data.groups[0]?.questions.filter((q) => q.type === 'scale-5' || q.type === 'scale-10') ?? [];
  return (
    <>
      {data.groups.length === 0 ? <p class="state state-empty">Пока ни в одном отделе не набралось {data.minGroup} ответов.</p> : (
        <table class="staff-groups" id="staff-groups">
          <caption class="visually-hidden">Средние оценки по отделам</caption>
          <thead>
            <tr>
              <th scope="col">Отдел</th>
              <th scope="col">Ответов</th>
              {scales.map((q) => (
                <th key={q.id} scope="col">
                  {q.text.split(':')[0]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.groups.map((g) => (
              <tr key={g.officeId ?? 'other'}>
                <th scope="row">{g.officeId === null ? g.label : name(g.officeId)}</th>
                <td>{g.respondents}</td>
                {scales.map((q) => {
                  const result = g.questions.find((r) => r.id === q.id);
                  return <td key={q.id}>{result?.mean == null ? '—' : number(result.mean, 2)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.withheld > 0 && <p class="hint">Ещё {data.withheld} ответ(ов) из отделов, где ответили меньше {data.minGroup} человек, учтены только в итоге по области.</p>}
    </>
  );
}
