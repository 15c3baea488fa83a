import { useState } from 'preact/hooks';
import type { QuestionResult, SurveyResultsResponse } from '../../../../shared/api/surveys.ts';
import { QUESTION_TYPE_LABEL, SURVEY_CHANNEL_LABEL } from '../../../../shared/surveys/survey-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson, url } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { QuestionChart } from './question-chart.tsx';
import { progressText, shareText } from './survey-words.ts';
import './surveys.css';
import { StaffSurveyPanel } from './staff-survey-panel.tsx';
import type { SurveyDetailResponse } from '../../../../shared/api/surveys.ts';
import { ExitPollPanel } from './exit-poll-panel.tsx';

/**
 * «Итоги опроса»: one version at a time (answers never pool across versions), for the region or
 * one office and one channel; per question the distribution with n, shares and 95 % Wilson
 * intervals, the mean of a scale, a chart, and the texts with a search; progress toward the
 * target n; the same figures as XLSX.
 */
interface Filter {
  version: string;
  office: string;
  channel: string;
}

export function Screen({ props }: ScreenProps<'survey-results'>) {
  const [filter, setFilter] = useState<Filter>(() => ({ version: new URLSearchParams(location.search).get('version') ?? '', office: '', channel: '' }));
  const base = `/api/surveys/${encodeURIComponent(props.surveyId)}/results`;
  const loaded = useLoad(() => getJson<SurveyResultsResponse>(base, { ...filter }), [filter.version, filter.office, filter.channel]);
  const officeName = (id: string) => props.offices.find((o) => o.id === id)?.name ?? id;
  // A staff survey (seed 001 §5) has its own panel: links to print and results by office with the group minimum.
  const detail = useLoad(() => getJson<SurveyDetailResponse>(`/api/surveys/${encodeURIComponent(props.surveyId)}`), [props.surveyId]);
  const newest = detail.data?.survey.versions.at(-1);
  const panel = newest?.definition.meta.places.includes('staff-link') ? <StaffSurveyPanel surveyId={props.surveyId} title={newest.definition.meta.title} offices={props.offices} mayBuild={props.mayBuild} /> : null;
  const data = loaded.data;
  // An exit poll (order No. 308, 2.2): the offices' summary forms under the results of the version shown.
  const versions = detail.data?.survey.versions ?? [];
  const exitPoll = data && versions.some((v) => v.definition.meta.places.includes('interviewer')) ? <ExitPollPanel surveyId={props.surveyId} version={data.results.version} versions={versions} officeName={officeName} /> : null;
  const select = (key: keyof Filter, label: string, options: [string, string][], all: string | null) => (
    <Field id={`results-${key}`} label={label}>
      {(c) => (
        <select {...c} value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: inputValue(e) })}>
          {all !== null && <option value="">{all}</option>}
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  if (loaded.error && !data)
    return (
      <>
        <Failed message={loaded.error} retry={loaded.reload} />
        {panel}
      </>
    );
  if (!data) return <Loading what="итоги" />;
  const r = data.results;
  const versionOptions: [string, string][] = [...data.versions].reverse().map((v) => [String(v), v === data.versions.at(-1) ? `версия ${v} (действующая)` : `версия ${v}`]);
  return (
    <>
      <p>
        <a href="/surveys">← К опросам</a>
        {props.mayBuild && (
          <>
            {' · '}
            <a href={`/surveys/${props.surveyId}`}>Конструктор</a>
          </>
        )}
      </p>
      <h2 id="results-title">
        {r.title}, версия {r.version}
      </h2>
      <form class="filters" id="results-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        {select('version', 'Версия', versionOptions, null)}
        {select('office', 'Отдел', data.byOffice.map((o) => [o.id, `${officeName(o.id)} (${o.n})`]), 'вся область')}
        {select('channel', 'Канал', data.byChannel.map((c) => [c.id, `${SURVEY_CHANNEL_LABEL[c.id] ?? c.id} (${c.n})`]), 'все каналы')}
      </form>
      {data.versions.length > 1 && <p class="calm">Итоги показаны по одной версии: ответы на разные версии не смешиваются. Другие версии — в списке «Версия».</p>}
      <p id="results-progress">
        Ответов: {progressText(r.respondents, r.targetN)}
        {r.targetN !== null && <progress max={r.targetN} value={Math.min(r.respondents, r.targetN)} aria-label="Ответов к цели" />}; до конца дошли {r.complete}.{' '}
        <a id="results-xlsx" href={url(`${base}.xlsx`, { ...filter })} download>
          Скачать XLSX
        </a>
      </p>
      {loaded.error && <Failed message={loaded.error} retry={loaded.reload} />}
      {r.respondents === 0 ? <Empty>Ответов на эту версию{filter.office || filter.channel ? ' по этим условиям' : ''} пока нет.</Empty> : r.questions.map((q, i) => <QuestionCard key={`${r.version}-${q.id}`} q={q} index={i} />)}
      {exitPoll}
      {panel}
    </>
  );
}

function QuestionCard({ q, index }: { q: QuestionResult; index: number }) {
  const [search, setSearch] = useState('');
  const heading = `${index + 1}. ${q.text}`;
  const mean = q.mean === null ? '' : `; среднее ${q.mean.toFixed(2).replace('.', ',')}`;
  const top = [...q.distribution].sort((a, b) => b.count - a.count)[0];
  const summary = `${heading}: ответили ${q.n}${mean}${top && top.count > 0 ? `; чаще всего «${top.label}» — ${shareText(top.share)}` : ''}.`;
  const found = search.trim() === '' ? q.texts : q.texts.filter((t) => t.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <section class="card survey-result" data-question={q.id} aria-labelledby={`result-${q.id}`}>
      <h3 id={`result-${q.id}`}>{heading}</h3>
      <p class="muted">
        {QUESTION_TYPE_LABEL[q.type]}; ответили n = {q.n}
        {mean}
        {q.type === 'multiple' ? '; можно было выбрать несколько, доли в сумме больше 100 %' : ''}
      </p>
      {q.distribution.length > 0 && q.n > 0 && (
        <div class="survey-result-body">
          <table class="grid">
            <caption class="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">Ответ</th>
                <th scope="col">Ответов</th>
                <th scope="col">Доля</th>
                <th scope="col">95 % интервал</th>
              </tr>
            </thead>
            <tbody>
              {q.distribution.map((d) => (
                <tr key={d.value} data-value={d.value}>
                  <th scope="row">{d.label}</th>
                  <td>{d.count}</td>
                  <td>{shareText(d.share)}</td>
                  <td>{d.interval ? `${shareText(d.interval.low)} — ${shareText(d.interval.high)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <QuestionChart result={q} summary={summary} />
        </div>
      )}
      {q.texts.length > 0 && (
        <div class="survey-texts">
          <Field id={`search-${q.id}`} label={q.type === 'text' ? 'Поиск по ответам' : 'Поиск по словам в «другое»'}>
            {(c) => <input {...c} type="search" value={search} onInput={(e) => setSearch(inputValue(e))} />}
          </Field>
          <p class="muted" aria-live="polite">
            Показано {found.length} из {q.texts.length}
          </p>
          <ul>
            {found.map((t, k) => (
              <li key={k}>{t}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
