import type { SurveyListResponse, SurveySummaryView } from '../../../../shared/api/surveys.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { dayText, progressText, surveyState } from './survey-words.ts';
import './surveys.css';

/**
 * «Опросы сектора»: every survey the CX sector built, with its state (черновик / опубликован vN /
 * завершён), its period and the answers to its newest version against the target n.
 */
export function Screen({ props }: ScreenProps<'surveys'>) {
  const list = useLoad(() => getJson<SurveyListResponse>('/api/surveys'));
  const columns: Column<SurveySummaryView>[] = [
    {
      id: 'title',
      label: 'Опрос',
      sort: (s) => s.title,
      cell: (s) => (
        <th scope="row">
          <a href={props.mayBuild ? `/surveys/${s.id}` : `/surveys/${s.id}/results`}>{s.title}</a>
        </th>
      ),
    },
    {
      id: 'state',
      label: 'Состояние',
      sort: (s) => surveyState(s, props.today).tone,
      cell: (s) => {
        const state = surveyState(s, props.today);
        return <td class={`survey-state survey-${state.tone}`}>{state.text}</td>;
      },
    },
    { id: 'period', label: 'Период', sort: (s) => s.period.from, cell: (s) => <td>{`${dayText(s.period.from)} — ${dayText(s.period.to)}`}</td> },
    {
      id: 'progress',
      label: 'Ответов к цели',
      sort: (s) => s.latestAnswers,
      cell: (s) => (
        <td>
          {s.targetN !== null && <progress max={s.targetN} value={Math.min(s.latestAnswers, s.targetN)} aria-label={`Ответов: ${progressText(s.latestAnswers, s.targetN)}`} />} {progressText(s.latestAnswers, s.targetN)}
        </td>
      ),
    },
    { id: 'changed', label: 'Черновик изменён', sort: (s) => s.draftChangedAt, cell: (s) => <td>{`${moscowDateTime(s.draftChangedAt)}, ${s.draftChangedBy}`}</td> },
    { id: 'results', label: 'Итоги', cell: (s) => <td>{s.latestVersion === null ? <span class="muted">не опубликован</span> : <a href={`/surveys/${s.id}/results`}>Итоги «{s.title}»</a>}</td> },
  ];
  return (
    <>
      <p class="calm">Опрос публикуется версиями: после публикации вопросы заморожены, любая правка уходит в отделы новой версией, а ответы всегда остаются при той версии, на которую отвечали.</p>
      {props.mayBuild && (
        <p>
          <a class="button" id="survey-new" href="/surveys/new">
            Новый опрос
          </a>
        </p>
      )}
      {list.error && <Failed message={list.error} retry={list.reload} />}
      {!list.data ? (
        !list.error && <Loading what="опросы" />
      ) : list.data.surveys.length === 0 ? (
        <Empty>Опросов пока нет.</Empty>
      ) : (
        <DataTable id="survey-table" caption="Опросы сектора" captionHidden columns={columns} rows={list.data.surveys} rowKey={(s) => s.id} rowProps={(s) => ({ 'data-survey': s.id })} />
      )}
    </>
  );
}
