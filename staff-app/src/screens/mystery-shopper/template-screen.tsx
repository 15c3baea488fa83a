import { useEffect, useState } from 'preact/hooks';
import type { Template, TemplateResponse, TemplateSavedResponse } from '../../../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { LIMITS } from '../../../../shared/mystery-shopper-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { CriteriaEditor } from './criteria-editor.tsx';
import { checkTemplate, draftOf, emptyTemplate, type TemplateDraft } from './template-form-state.ts';
import './mystery-shopper.css';

/**
 * The checklist template («анкета / опросный лист»): name, goals, the scenario of the interaction
 * and the weighted criteria. A version a visit uses is frozen: saving it makes the next version,
 * and the visits keep theirs. A new template's id is made when the page opens, so sending twice
 * stores it once.
 */
const SAVED: Record<string, string> = {
  stored: 'Анкета сохранена.',
  updated: 'Изменения сохранены.',
  copied: 'По прежней версии уже были визиты: изменения сохранены новой версией, визиты остались при своей.',
  unchanged: 'Изменений нет.',
};

export function Screen({ props }: ScreenProps<'mystery-template'>) {
  const [template, setTemplate] = useState<Template | null>(null);
  const [draft, setDraft] = useState<TemplateDraft | null>(props.templateId ? null : emptyTemplate());
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(() => {
    const saved = new URLSearchParams(location.search).get('saved');
    return saved && SAVED[saved] ? { text: SAVED[saved]!, error: false } : null;
  });
  const [busy, setBusy] = useState(false);
  const [newId] = useState(newRecordId);

  useEffect(() => {
    if (!props.templateId) return void (document.body.dataset.ready = 'true');
    getJson<TemplateResponse>(`/api/mystery-shopper/templates/${encodeURIComponent(props.templateId)}`).then(
      (r) => {
        setTemplate(r.template);
        setDraft(draftOf(r.template));
        document.body.dataset.ready = 'true';
      },
      (e: Error) => setLoadError(e.message),
    );
  }, []);

  if (loadError) return <Failed message={loadError} />;
  if (!draft) return <Loading what="анкету" />;
  const set = (patch: Partial<TemplateDraft>) => setDraft({ ...draft, ...patch });
  const stale = template !== null && template.newestId !== template.id;

  async function save(e: Event) {
    e.preventDefault();
    const checked = checkTemplate(draft!);
    if (!checked.ok) {
      setErrors(checked.errors);
      setNotice({ text: 'Проверьте поля, отмеченные красным.', error: true });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = template
        ? await sendJson<TemplateSavedResponse>('PUT', `/api/mystery-shopper/templates/${template.id}`, checked.body)
        : await sendJson<TemplateSavedResponse>('POST', '/api/mystery-shopper/templates', { id: newId, content: checked.body });
      location.assign(`/mystery-shopper/templates/${saved.id}?saved=${saved.status}`);
    } catch (error) {
      setErrors(error instanceof ApiFailure ? error.fields : {});
      setNotice({ text: error instanceof Error ? error.message : 'Не удалось сохранить анкету.', error: true });
      setBusy(false);
    }
  }

  return (
    <form id="ms-template-form" class="mystery ms-form" noValidate onSubmit={(e) => void save(e)}>
      <p>
        <a href="/mystery-shopper">← К разделу «Тайный клиент»</a>
      </p>
      {notice && <Notice text={notice.text} error={notice.error} />}
      {template && (
        <p class="calm" id="ms-template-version">
          Версия {template.version}.{' '}
          {stale ? (
            <>
              Есть более новая версия: <a href={`/mystery-shopper/templates/${template.newestId}`}>открыть её</a>.
            </>
          ) : template.visits > 0 ? (
            `По этой версии уже записано визитов: ${template.visits}. Изменения сохранятся версией ${template.version + 1}, а записанные визиты останутся при версии ${template.version}.`
          ) : (
            'Визитов по ней пока нет: изменения сохраняются в ней же.'
          )}
        </p>
      )}
      <Field id="ms-name" label="Название анкеты" error={errors.name ?? null}>
        {(c) => <input {...c} type="text" maxLength={LIMITS.templateName} value={draft.name} onInput={(e) => set({ name: inputValue(e) })} />}
      </Field>
      <Field id="ms-goals" label="Цели и задачи исследования" hint="попадут в справку о мероприятии" error={errors.goals ?? null}>
        {(c) => <textarea {...c} rows={3} maxLength={LIMITS.goals} value={draft.goals} onInput={(e) => set({ goals: inputValue(e) })} />}
      </Field>
      <Field id="ms-scenario" label="Сценарий взаимодействия" hint="что «тайный» клиент говорит и спрашивает" error={errors.scenario ?? null}>
        {(c) => <textarea {...c} rows={5} maxLength={LIMITS.scenario} value={draft.scenario} onInput={(e) => set({ scenario: inputValue(e) })} />}
      </Field>
      <CriteriaEditor rows={draft.criteria} errors={errors} onChange={(criteria) => set({ criteria })} />
      <div class="buttons">
        <button type="submit" disabled={busy || stale}>
          Сохранить анкету
        </button>
        <a href="/mystery-shopper">Отмена</a>
      </div>
    </form>
  );
}
