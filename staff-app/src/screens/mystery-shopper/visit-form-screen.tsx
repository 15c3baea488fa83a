import { useEffect, useState } from 'preact/hooks';
import type { Template, TemplateListResponse, VisitResponse, VisitSavedResponse } from '../../../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { LIMITS } from '../../../../shared/mystery-shopper-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { MarksFieldset } from './marks-fieldset.tsx';
import { checkVisit, draftOfVisit, emptyVisit, liveScore, type MarkDraft, type VisitDraft } from './visit-form-state.ts';
import './mystery-shopper.css';

/**
 * A visit of the «тайный» client: the template version, the office, when, the scenario played, the
 * shopper's pseudonym (never shown to the office), each criterion marked with a note, the notes,
 * conclusions and proposals; the score is computed as the marks are set. A new visit's id is made
 * when the form opens (sending twice stores one visit); an edit carries the revision it was opened on.
 */
export function Screen({ props }: ScreenProps<'mystery-visit-form'>) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [draft, setDraft] = useState<VisitDraft | null>(null);
  const [revision, setRevision] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [id] = useState(() => props.visitId ?? newRecordId());

  useEffect(() => {
    const ready = () => void (document.body.dataset.ready = 'true');
    if (props.visitId) {
      getJson<VisitResponse>(`/api/mystery-shopper/visits/${encodeURIComponent(props.visitId)}`).then((r) => {
        if (!r.mayEdit) return setLoadError('Отчёт о визите утверждён: изменить его нельзя.');
        setTemplates([r.visit.template]);
        setDraft(draftOfVisit(r.visit));
        setRevision(r.visit.revision);
        ready();
      }, (e: Error) => setLoadError(e.message));
      return;
    }
    getJson<TemplateListResponse>('/api/mystery-shopper/templates').then((r) => {
      const wanted = new URLSearchParams(location.search).get('template');
      const first = r.templates.find((t) => t.familyId === wanted) ?? r.templates[0] ?? null;
      setTemplates(r.templates);
      setDraft(emptyVisit(first, props.offices.length === 1 ? props.offices[0]!.id : '', props.today));
      ready();
    }, (e: Error) => setLoadError(e.message));
  }, []);

  if (loadError) return <Failed message={loadError} />;
  if (!draft || !templates) return <Loading what="форму визита" />;
  if (templates.length === 0) return <Notice error text="Сначала составьте анкету: визит оценивается по её критериям." />;
  const template = templates.find((t) => t.id === draft.templateId) ?? null;
  const criteria = template?.criteria ?? [];
  const set = (patch: Partial<VisitDraft>) => setDraft({ ...draft, ...patch });
  const setMark = (criterionId: string, patch: Partial<MarkDraft>) => set({ marks: { ...draft.marks, [criterionId]: { mark: '', note: '', ...draft.marks[criterionId], ...patch } } });
  const chooseTemplate = (templateId: string) => {
    const next = templates.find((t) => t.id === templateId);
    const keepScenario = draft.scenario.trim() !== '' && draft.scenario !== template?.scenario;
    set({ templateId, marks: {}, scenario: keepScenario ? draft.scenario : (next?.scenario ?? '') });
  };
  const text = (key: 'notes' | 'conclusions' | 'proposals' | 'scenario', label: string, hint?: string) => (
    <Field id={`ms-${key}`} label={label} {...(hint ? { hint } : {})} error={errors[key] ?? null}>
      {(c) => <textarea {...c} rows={4} maxLength={LIMITS.visitText} value={draft[key]} onInput={(e) => set({ [key]: inputValue(e) })} />}
    </Field>
  );

  async function save(e: Event) {
    e.preventDefault();
    const checked = checkVisit(draft!, criteria, props.today, new Date(Date.now() + 3 * 3_600_000).toISOString().slice(11, 16));
    if (!checked.ok) {
      setErrors(checked.errors);
      setNotice('Проверьте поля, отмеченные красным.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = props.visitId
        ? await sendJson<VisitSavedResponse>('PUT', `/api/mystery-shopper/visits/${id}`, { revision, content: checked.content })
        : await sendJson<VisitSavedResponse>('POST', '/api/mystery-shopper/visits', { id, content: checked.content });
      location.assign(`/mystery-shopper/visits/${saved.id}`);
    } catch (error) {
      setErrors(error instanceof ApiFailure ? error.fields : {});
      setNotice(error instanceof Error ? error.message : 'Не удалось сохранить визит.');
      setBusy(false);
    }
  }

  return (
    <form id="ms-visit-form" class="mystery ms-form" noValidate onSubmit={(e) => void save(e)}>
      <p>
        <a href={props.visitId ? `/mystery-shopper/visits/${id}` : '/mystery-shopper'}>{props.visitId ? '← К визиту' : '← К разделу «Тайный клиент»'}</a>
      </p>
      <Field id="ms-templateId" label="Анкета" error={errors.templateId ?? null} {...(props.visitId ? { hint: 'визит оценивается по той версии анкеты, по которой записан' } : {})}>
        {(c) => (
          <select {...c} value={draft.templateId} disabled={Boolean(props.visitId)} onChange={(e) => chooseTemplate(inputValue(e))}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} (версия {t.version})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="ms-officeId" label="Отдел, который посетил тайный клиент" error={errors.officeId ?? null}>
        {(c) => (
          <select {...c} value={draft.officeId} disabled={Boolean(props.visitId)} onChange={(e) => set({ officeId: inputValue(e) })}>
            <option value="">выберите отдел</option>
            {props.offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="ms-when">
        <Field id="ms-visitedOn" label="Дата визита" error={errors.visitedOn ?? null}>
          {(c) => <input {...c} type="date" max={props.today} value={draft.visitedOn} onInput={(e) => set({ visitedOn: inputValue(e) })} />}
        </Field>
        <Field id="ms-visitedTime" label="Время визита" hint="необязательно, ЧЧ:ММ" error={errors.visitedTime ?? null}>
          {(c) => <input {...c} type="time" value={draft.visitedTime} onInput={(e) => set({ visitedTime: inputValue(e) })} />}
        </Field>
      </div>
      <Field id="ms-shopper" label="Псевдоним тайного клиента" hint="видят только сектор клиентского опыта, администратор и директор; в справку и отделу не попадает" error={errors.shopper ?? null}>
        {(c) => <input {...c} type="text" autoComplete="off" maxLength={LIMITS.shopper} value={draft.shopper} onInput={(e) => set({ shopper: inputValue(e) })} />}
      </Field>
      {text('scenario', 'Сценарий, который был разыгран', 'из анкеты; поправьте, если визит прошёл иначе')}
      <MarksFieldset criteria={criteria} marks={draft.marks} errors={errors} score={liveScore(criteria, draft.marks)} onChange={setMark} />
      {text('notes', 'Замечания по визиту')}
      {text('conclusions', 'Выводы аналитика')}
      {text('proposals', 'Предложения')}
      <Notice text={notice} error />
      <div class="buttons">
        <button type="submit" disabled={busy}>
          Сохранить визит
        </button>
        <span class="muted">{props.visitId ? '' : 'При первом сохранении визит попадёт в реестр обращений отдела.'}</span>
      </div>
    </form>
  );
}
