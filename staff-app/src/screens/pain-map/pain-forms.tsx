import { useState } from 'preact/hooks';
import type { Measure } from '../../../../shared/api/pain-map.ts';
import { MEASURE_STATUS_LABEL, MEASURE_STATUSES, PAIN_STATUS_LABEL, PAIN_STATUSES, PRIORITIES, PRIORITY_LABEL, TARGET_LABEL, TARGETS, type Target } from '../../../../shared/pain-map-words.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { DateField } from '../../components/date-field.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { dateProblem, isIsoDate } from '../../components/ru-date.ts';

/**
 * The pain map's forms: a new pain, a new measure for a pain, a measure's progress, the director's
 * review. Each sends one request; the hub checks everything again and its Russian reason is shown
 * beside the form. `done` reloads the map.
 */
type Office = { id: string; name: string };
type PainStatus = (typeof PAIN_STATUSES)[number];

function useSend(done: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (method: 'POST' | 'PATCH', path: string, body: unknown): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await sendJson(method, path, body);
      done();
      return true;
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'Не удалось сохранить.');
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, send };
}

const FormError = ({ error, id }: { error: string | null; id: string }) =>
  error ? (
    <p class="notice notice-error" role="alert" id={id}>
      {error}
    </p>
  ) : null;

function OfficeSelect({ id, offices, value, onChange, control }: { id: string; offices: Office[]; value: string; onChange: (v: string) => void; control: object }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(inputValue(e))} {...control}>
      <option value="">вся область</option>
      {offices.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

export function NewPainForm({ quarter, offices, done }: { quarter: string; offices: Office[]; done: () => void }) {
  const [f, setF] = useState({ process: '', officeId: '', title: '', description: '', priority: 'medium' });
  const { error, busy, send } = useSend(done);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: inputValue(e) });
  const missing = (v: string) => (v.trim() === '' ? 'Заполните поле' : null);
  const [tried, setTried] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (missing(f.process) || missing(f.title)) return;
    if (await send('POST', '/api/pain-map/pains', { quarter, process: f.process, officeId: f.officeId || null, title: f.title, description: f.description, priority: f.priority })) {
      setF({ process: '', officeId: '', title: '', description: '', priority: 'medium' });
      setTried(false);
    }
  };
  return (
    <form class="pain-form" onSubmit={submit} noValidate aria-labelledby="new-pain-title">
      <h2 id="new-pain-title">Новая проблема</h2>
      <Field id="pain-process" label="Процесс (услуга, жизненная ситуация)" error={tried ? missing(f.process) : null}>
        {(c) => <input {...c} value={f.process} onInput={set('process')} maxLength={200} />}
      </Field>
      <Field id="pain-office" label="Отдел">
        {(c) => <OfficeSelect id={c.id} offices={offices} value={f.officeId} onChange={(v) => setF({ ...f, officeId: v })} control={c} />}
      </Field>
      <Field id="pain-title" label="Выявленная проблема или потребность клиента" error={tried ? missing(f.title) : null}>
        {(c) => <input {...c} value={f.title} onInput={set('title')} maxLength={300} />}
      </Field>
      <Field id="pain-description" label="Подробнее (необязательно)">
        {(c) => <textarea {...c} value={f.description} onInput={set('description')} rows={2} maxLength={4000} />}
      </Field>
      <Field id="pain-priority" label="Приоритет">
        {(c) => (
          <select {...c} value={f.priority} onChange={set('priority')}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={error} id="new-pain-error" />
      <button type="submit" class="button primary" disabled={busy}>
        Добавить проблему
      </button>
    </form>
  );
}

export function NewMeasureForm({ painId, offices, defaultOffice, today, done }: { painId: string; offices: Office[]; defaultOffice: string | null; today: string; done: () => void }) {
  const [f, setF] = useState({ text: '', owner: '', officeId: defaultOffice ?? '', startedOn: today, dueOn: '', target: 'panel' as Target });
  const { error, busy, send } = useSend(done);
  const [tried, setTried] = useState(false);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: inputValue(e) });
  const errors = {
    text: f.text.trim() ? null : 'Опишите мероприятие',
    owner: f.owner.trim() ? null : 'Укажите ответственного',
    startedOn: dateProblem(f.startedOn, { required: true }),
    dueOn: !f.dueOn ? 'Укажите срок' : (dateProblem(f.dueOn) ?? (isIsoDate(f.startedOn) && f.dueOn < f.startedOn ? 'Срок раньше начала' : null)),
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(errors).some(Boolean)) return;
    await send('POST', `/api/pain-map/pains/${painId}/measures`, { ...f, officeId: f.officeId || null });
  };
  const id = (name: string) => `measure-${painId}-${name}`;
  return (
    <form class="measure-form" onSubmit={submit} noValidate aria-label="Новое мероприятие">
      <Field id={id('text')} label="Мероприятие" error={tried ? errors.text : null}>
        {(c) => <input {...c} value={f.text} onInput={set('text')} maxLength={2000} />}
      </Field>
      <Field id={id('owner')} label="Ответственный" error={tried ? errors.owner : null}>
        {(c) => <input {...c} value={f.owner} onInput={set('owner')} maxLength={200} />}
      </Field>
      <Field id={id('office')} label="Отдел">
        {(c) => <OfficeSelect id={c.id} offices={offices} value={f.officeId} onChange={(v) => setF({ ...f, officeId: v })} control={c} />}
      </Field>
      <DateField id={id('started')} label="Начало" value={f.startedOn} error={tried ? errors.startedOn : null} onChange={(startedOn) => setF({ ...f, startedOn })} />
      <DateField id={id('due')} label="Срок" value={f.dueOn} error={tried ? errors.dueOn : null} onChange={(dueOn) => setF({ ...f, dueOn })} />
      <Field id={id('target')} label="Какой показатель должен измениться" hint="По нему система сравнит «до» и «после»">
        {(c) => (
          <select {...c} value={f.target} onChange={set('target')}>
            {TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_LABEL[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={error} id={id('error')} />
      <button type="submit" class="button" disabled={busy}>
        Добавить мероприятие
      </button>
    </form>
  );
}

export function MeasureProgress({ measure, today, done }: { measure: Measure; today: string; done: () => void }) {
  const [status, setStatus] = useState(measure.status);
  const [doneOn, setDoneOn] = useState(measure.doneOn ?? today);
  const [doneError, setDoneError] = useState<string | null>(null);
  const { error, busy, send } = useSend(done);
  const id = `progress-${measure.id}`;
  return (
    <form
      class="measure-progress"
      aria-label="Выполнение мероприятия"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = status === 'done' ? dateProblem(doneOn, { required: true, max: today, today }) : null;
        setDoneError(problem);
        if (!problem) void send('PATCH', `/api/pain-map/measures/${measure.id}`, status === 'done' ? { status, doneOn } : { status });
      }}
    >
      <label for={`${id}-status`}>Выполнение</label>
      <select id={`${id}-status`} value={status} onChange={(e) => setStatus(inputValue(e) as Measure['status'])}>
        {MEASURE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {MEASURE_STATUS_LABEL[s]}
          </option>
        ))}
      </select>
      {status === 'done' && <DateField id={`${id}-done`} label="Дата выполнения" value={doneOn} error={doneError} required max={today} today={today} onChange={setDoneOn} />}
      <button type="submit" class="button" disabled={busy}>
        Сохранить
      </button>
      <FormError error={error} id={`${id}-error`} />
    </form>
  );
}

export function ReviewForm({ measure, done }: { measure: Measure; done: () => void }) {
  const [text, setText] = useState(measure.review ?? '');
  const { error, busy, send } = useSend(done);
  const id = `review-${measure.id}`;
  return (
    <form
      class="review-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void send('POST', `/api/pain-map/measures/${measure.id}/review`, { review: text });
      }}
    >
      <label for={id}>Заключение директора</label>
      <textarea id={id} rows={2} value={text} onInput={(e) => setText(inputValue(e))} maxLength={2000} />
      <button type="submit" class="button" disabled={busy || !text.trim()}>
        Записать заключение
      </button>
      <FormError error={error} id={`${id}-error`} />
    </form>
  );
}

const EVIDENCE_KINDS = [
  ['note', 'Заметка'],
  ['figure', 'Показатель'],
  ['comment', 'Отзыв клиента'],
  ['register-entry', 'Запись реестра обращений'],
] as const;
type EvidenceKind = (typeof EVIDENCE_KINDS)[number][0];

/** Where a pain was found: a figure or a note as words; a client's answer or a register entry by its number too. */
export function EvidenceForm({ painId, done }: { painId: string; done: () => void }) {
  const [kind, setKind] = useState<EvidenceKind>('note');
  const [ref, setRef] = useState('');
  const [text, setText] = useState('');
  const { error, busy, send } = useSend(done);
  const id = `evidence-${painId}`;
  const needsRef = kind === 'comment' || kind === 'register-entry';
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim() || (needsRef && !ref.trim())) return;
    if (await send('POST', `/api/pain-map/pains/${painId}/evidence`, { kind, ref: needsRef ? ref.trim() : null, text })) {
      setRef('');
      setText('');
    }
  };
  return (
    <form class="evidence-form" onSubmit={submit} aria-label="Где выявлена проблема">
      <label for={`${id}-kind`}>Источник</label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(inputValue(e) as EvidenceKind)}>
        {EVIDENCE_KINDS.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
      {needsRef && (
        <>
          <label for={`${id}-ref`}>{kind === 'comment' ? 'Номер отзыва' : 'Номер записи'}</label>
          <input id={`${id}-ref`} value={ref} onInput={(e) => setRef(inputValue(e))} maxLength={80} />
        </>
      )}
      <label for={`${id}-text`}>Что показывает</label>
      <input id={`${id}-text`} value={text} onInput={(e) => setText(inputValue(e))} maxLength={2000} />
      <button type="submit" class="button" disabled={busy || !text.trim() || (needsRef && !ref.trim())}>
        Добавить источник
      </button>
      <FormError error={error} id={`${id}-error`} />
    </form>
  );
}

/** The pain's own state: found, being worked on, removed, or dropped from the map. */
export function PainStatusForm({ painId, status: current, done }: { painId: string; status: PainStatus; done: () => void }) {
  const [status, setStatus] = useState(current);
  const { error, busy, send } = useSend(done);
  const id = `pain-status-${painId}`;
  return (
    <form
      class="measure-progress"
      aria-label="Состояние проблемы"
      onSubmit={(e) => {
        e.preventDefault();
        void send('PATCH', `/api/pain-map/pains/${painId}`, { status });
      }}
    >
      <label for={id}>Состояние проблемы</label>
      <select id={id} value={status} onChange={(e) => setStatus(inputValue(e) as PainStatus)}>
        {PAIN_STATUSES.map((s) => (
          <option key={s} value={s}>
            {PAIN_STATUS_LABEL[s]}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={busy || status === current}>
        Сохранить
      </button>
      <FormError error={error} id={`${id}-error`} />
    </form>
  );
}
