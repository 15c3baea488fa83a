import { useEffect, useRef, useState } from 'preact/hooks';
import type { DirectoryOffice, OfficeSavedResponse } from '../../../../shared/api/offices.ts';
import { OFFICE_KIND_LABEL, OFFICE_KINDS, type OfficeKind } from '../../../../shared/office-words.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { checkChange, checkNew, draftOf, emptyDraft, type OfficeDraft, type OfficeErrors } from './office-form-state.ts';

/**
 * One office's form: a new office (with its permanent Latin id) or a change of an existing one's
 * name, kind and address. Each field's problem shows beside it, first as typed (after the first
 * try), then as the hub answered.
 */
export function OfficeForm({ office, onSaved, onCancel }: { office: DirectoryOffice | null; onSaved: (saved: OfficeSavedResponse) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<OfficeDraft>(() => (office ? draftOf(office) : emptyDraft()));
  const [errors, setErrors] = useState<OfficeErrors>({});
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = office ? `office-${office.id}` : 'new-office';
  // Opened from a row far down the table: the form is above it, so the first field takes the focus (and scrolls into view).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), []);

  const check = (d: OfficeDraft): OfficeErrors => {
    if (!office) {
      const r = checkNew(d);
      return r.ok ? {} : r.errors;
    }
    const r = checkChange(office, d);
    return r.ok ? {} : r.errors;
  };
  const set = (patch: Partial<OfficeDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (checked) setErrors(check(next));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setChecked(true);
    setProblem(null);
    const request = office ? checkChange(office, draft) : checkNew(draft);
    if (!request.ok) {
      setErrors(request.errors);
      if ('nothing' in request && request.nothing) setProblem('Ничего не изменено.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = office
        ? await sendJson<OfficeSavedResponse>('PATCH', `/api/offices/${encodeURIComponent(office.id)}`, request.body)
        : await sendJson<OfficeSavedResponse>('POST', '/api/offices', request.body);
      onSaved(saved);
    } catch (error) {
      const fields = error instanceof ApiFailure ? (error.fields as OfficeErrors) : {};
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setProblem(`Не сохранено: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} class="card stack office-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={`${prefix}-h`}>
      <h2 id={`${prefix}-h`}>{office ? `Изменить: ${office.name}` : 'Новый отдел'}</h2>
      {problem && (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {office ? (
        <p class="muted">Идентификатор {office.id} не меняется: им помечены все оценки и анкеты отдела.</p>
      ) : (
        <Field id={`${prefix}-id`} label="Идентификатор" hint="Латиницей, строчными буквами, можно цифры и дефис, например sharya-2. Потом не меняется: им помечаются все оценки отдела." error={errors.id ?? null}>
          {(c) => <input {...c} autoComplete="off" spellcheck={false} maxLength={40} value={draft.id} onInput={(e) => set({ id: inputValue(e) })} />}
        </Field>
      )}
      <Field id={`${prefix}-name`} label="Название" hint="Как на вывеске, по-русски: его видят клиенты на киоске и плакате." error={errors.name ?? null}>
        {(c) => <input {...c} maxLength={120} value={draft.name} onInput={(e) => set({ name: inputValue(e) })} />}
      </Field>
      <Field id={`${prefix}-kind`} label="Вид" error={errors.kind ?? null}>
        {(c) => (
          <select {...c} value={draft.kind} onChange={(e) => set({ kind: inputValue(e) as OfficeKind | '' })}>
            <option value="">— выберите —</option>
            {OFFICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {OFFICE_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-address`} label="Адрес" hint="Полностью, как его печатают на плакате: область, район, город, улица, дом." error={errors.address ?? null}>
        {(c) => <textarea {...c} rows={2} maxLength={300} value={draft.address} onInput={(e) => set({ address: inputValue(e) })} />}
      </Field>
      <div class="buttons">
        <button type="submit" disabled={busy}>
          {office ? 'Сохранить' : 'Завести отдел'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Отмена
        </button>
      </div>
    </form>
  );
}
