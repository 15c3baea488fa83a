import { useEffect, useState } from 'preact/hooks';
import type { Visit, VisitResponse } from '../../../../shared/api/mystery-shopper.ts';
import { MARK_LABEL, VISIT_STATE_LABEL } from '../../../../shared/mystery-shopper-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson, sendJson, url } from '../../api/client.ts';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { ConfirmButton } from '../admin/confirm-button.tsx';
import { FilesSection } from './files-section.tsx';
import { percent, scoreClass, visitWhen } from './ms-format.ts';
import './mystery-shopper.css';

/**
 * One visit: where and when, the template version it was scored against, the score, each criterion's
 * mark and note, the analyst's conclusions, its register entry and its files. The CX sector edits it
 * until the report is approved; an office head reads it without the pseudonym and the files.
 */
export function Screen({ props }: ScreenProps<'mystery-visit'>) {
  const loaded = useLoad(() => getJson<VisitResponse>(`/api/mystery-shopper/visits/${encodeURIComponent(props.visitId)}`));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) document.body.dataset.ready = 'true';
  }, [loaded.data]);
  if (!loaded.data) return loaded.error ? <Failed message={loaded.error} retry={loaded.reload} /> : <Loading what="визит" />;
  const { visit: v, mayEdit } = loaded.data;
  const approve = async () => {
    try {
      await sendJson('POST', `/api/mystery-shopper/visits/${v.id}/approve`);
      loaded.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="mystery">
      <p>
        <a href="/mystery-shopper">← К разделу «Тайный клиент»</a>
      </p>
      <Facts v={v} />
      {mayEdit && (
        <p class="buttons">
          <a class="button" href={`/mystery-shopper/visits/${v.id}/edit`}>
            Изменить визит
          </a>
          <ConfirmButton label="Утвердить отчёт" question="После утверждения визит и его файлы не меняются. Утвердить?" confirmLabel="Утвердить" onConfirm={() => void approve()} />
        </p>
      )}
      <Notice text={error} error />
      <MarksTable v={v} />
      <h2>Сценарий</h2>
      <p class="pre-line">{v.scenario}</p>
      {v.notes && (
        <>
          <h2>Замечания</h2>
          <p class="pre-line">{v.notes}</p>
        </>
      )}
      <h2>Выводы</h2>
      <p class="pre-line" id="ms-conclusions">
        {v.conclusions}
      </p>
      {v.proposals && (
        <>
          <h2>Предложения</h2>
          <p class="pre-line">{v.proposals}</p>
        </>
      )}
      {v.files !== null && <FilesSection visitId={v.id} files={v.files} mayEdit={mayEdit} changed={loaded.reload} />}
    </div>
  );
}

function Facts({ v }: { v: Visit }) {
  const month = v.visitedOn.slice(0, 7);
  return (
    <dl class="ms-facts" id="ms-visit-facts">
      <dt>Отдел</dt>
      <dd>{v.officeName}</dd>
      <dt>Визит</dt>
      <dd>{visitWhen(v)}</dd>
      <dt>Анкета</dt>
      <dd>
        {v.templateName} (версия {v.templateVersion})
      </dd>
      <dt>Оценка</dt>
      <dd id="ms-visit-score" class={scoreClass(v.score)}>
        <strong>{percent(v.score)}</strong>
      </dd>
      <dt>Отчёт</dt>
      <dd id="ms-visit-state">
        {VISIT_STATE_LABEL[v.state]}
        {v.approvedAt !== null && `, ${moscowDateTime(v.approvedAt)}${v.approvedBy ? ` (${v.approvedBy})` : ''}`}
        {v.state === 'draft' && <span class="muted"> — оценка может измениться; в оценки отделов и справку входят утверждённые визиты</span>}
      </dd>
      {v.shopper !== null && (
        <>
          <dt>Тайный клиент</dt>
          <dd id="ms-visit-shopper">
            {v.shopper} <span class="muted">(псевдоним не показывается отделу и не печатается в справке)</span>
          </dd>
        </>
      )}
      {v.createdBy !== null && (
        <>
          <dt>Записал</dt>
          <dd>
            {v.createdBy}, {moscowDateTime(v.createdAt)}
          </dd>
        </>
      )}
      {v.registerEntryId && (
        <>
          <dt>Реестр обращений</dt>
          <dd>
            <a id="ms-register-link" href={`/register/${v.registerEntryId}`}>
              Запись в реестре: меры отдела и закрытие
            </a>
          </dd>
        </>
      )}
      <dt>Справка</dt>
      <dd>
        <a href={url('/mystery-shopper/report', { template: v.familyId, period: month, office: v.officeId })}>Справка по отделу за месяц визита</a>
      </dd>
    </dl>
  );
}

function MarksTable({ v }: { v: Visit }) {
  const marks = new Map(v.marks.map((m) => [m.criterionId, m]));
  return (
    <div class="table-wrap">
      <table class="grid" id="ms-marks-table">
        <caption>Оценка по критериям</caption>
        <thead>
          <tr>
            <th scope="col">Критерий</th>
            <th scope="col">Раздел</th>
            <th scope="col">Вес</th>
            <th scope="col">Отметка</th>
            <th scope="col">Примечание</th>
          </tr>
        </thead>
        <tbody>
          {v.template.criteria.map((c) => {
            const m = marks.get(c.id);
            return (
              <tr key={c.id} class={m ? `mark-${m.mark}` : undefined}>
                <th scope="row">{c.text}</th>
                <td>{c.group}</td>
                <td class="num">{c.weight}</td>
                <td>{m ? MARK_LABEL[m.mark] : '—'}</td>
                <td>{m?.note}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
