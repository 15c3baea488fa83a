import { useEffect, useState } from 'preact/hooks';
import type { PublishResponse, SurveyDetailResponse } from '../../../../shared/api/surveys.ts';
import type { SurveyDefinition } from '../../../../shared/surveys/definition.ts';
import { MAX_SURVEY_QUESTIONS, type QuestionType } from '../../../../shared/surveys/survey-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { moscowDateTime } from '../../format.ts';
import { emptyDefinition, move, newQuestion, placedPaths, unplacedErrors, withValidConditions, type FieldErrors } from './builder-state.ts';
import { MetaEditor } from './meta-editor.tsx';
import { QuestionEditor, QuestionTypeField } from './question-editor.tsx';
import { SurveyPreview } from './survey-preview.tsx';
import './surveys.css';

/**
 * «Конструктор опроса»: the draft's fields and questions, the hub's errors beside each field (it
 * checks with the shared schema), a preview on kiosk and phone frames, and publishing, which
 * freezes the draft as the next version. Published versions are listed and never change.
 */
type Survey = SurveyDetailResponse['survey'];

export function Screen({ props }: ScreenProps<'survey-builder'>) {
  const [id, setId] = useState(props.surveyId);
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [draft, setDraft] = useState<SurveyDefinition | null>(props.surveyId === null ? emptyDefinition(props.today) : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [newType, setNewType] = useState<QuestionType>('scale-5');

  useEffect(() => {
    if (props.surveyId === null) return;
    getJson<SurveyDetailResponse>(`/api/surveys/${encodeURIComponent(props.surveyId)}`).then(
      (body) => {
        setSurvey(body.survey);
        setDraft(body.survey.draft);
      },
      (error: Error) => setLoadError(error.message),
    );
  }, []);

  if (loadError) return <Failed message={loadError} retry={() => location.reload()} />;
  if (!draft) return <Loading what="опрос" />;

  const edit = (next: SurveyDefinition) => {
    setDraft(next);
    setNotice(null);
  };
  const setQuestions = (questions: SurveyDefinition['questions']) => edit({ ...draft, questions: withValidConditions(questions) });

  /** Saves the draft; the hub's refusal lands beside the fields. Returns the saved survey or null. */
  async function save(): Promise<Survey | null> {
    setBusy(true);
    try {
      const body = id === null ? await sendJson<SurveyDetailResponse>('POST', '/api/surveys', { definition: draft }) : await sendJson<SurveyDetailResponse>('PUT', `/api/surveys/${encodeURIComponent(id)}`, { definition: draft });
      setErrors({});
      setSurvey(body.survey);
      setDraft(body.survey.draft);
      if (id === null) {
        setId(body.survey.id);
        history.replaceState(null, '', `/surveys/${body.survey.id}`);
      }
      return body.survey;
    } catch (error) {
      setErrors(error instanceof ApiFailure ? error.fields : {});
      setNotice({ text: error instanceof ApiFailure && error.code === 'invalid-survey' ? 'Черновик не сохранён: исправьте поля, отмеченные красным.' : error instanceof Error ? error.message : 'Не удалось сохранить.', error: true });
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function saveOnly() {
    if (await save()) setNotice({ text: 'Черновик сохранён. В отделы он уйдёт после публикации.', error: false });
  }

  async function publish() {
    const saved = await save();
    if (!saved) return;
    setBusy(true);
    try {
      const result = await sendJson<PublishResponse>('POST', `/api/surveys/${encodeURIComponent(saved.id)}/publish`);
      const fresh = await getJson<SurveyDetailResponse>(`/api/surveys/${encodeURIComponent(saved.id)}`);
      setSurvey(fresh.survey);
      setNotice({
        text: result.created
          ? `Опубликована версия ${result.version}. Отделы получат её со следующей настройкой.${result.version > 1 ? ` Ответы на прежние версии остаются при них.` : ''}`
          : `Изменений нет: действует версия ${result.version}, новая версия не создана.`,
        error: false,
      });
    } catch (error) {
      setNotice({ text: error instanceof Error ? error.message : 'Не удалось опубликовать.', error: true });
    } finally {
      setBusy(false);
    }
  }

  const latest = survey?.latestVersion ?? null;
  const other = unplacedErrors(errors, placedPaths(draft));
  return (
    <>
      <p>
        <a href="/surveys">← К опросам</a>
        {id !== null && latest !== null && (
          <>
            {' · '}
            <a href={`/surveys/${id}/results`}>Итоги</a>
          </>
        )}
      </p>
      {latest !== null && (
        <p class="calm" id="survey-version-note">
          Опубликована версия {latest}. Правки здесь — черновик: опубликованные вопросы не меняются. Публикация правок создаст версию {latest + 1}; ответы на версию {latest} остаются при ней, итоги каждой версии считаются отдельно.
        </p>
      )}
      <div class="survey-builder">
        <form id="survey-form" class="survey-form" noValidate onSubmit={(e) => (e.preventDefault(), void saveOnly())}>
          <MetaEditor meta={draft.meta} offices={props.offices} errors={errors} onChange={(meta) => edit({ ...draft, meta })} />
          <h2>Вопросы</h2>
          {draft.questions.length === 0 && <p class="muted">Вопросов пока нет: добавьте первый.</p>}
          {draft.questions.map((q, i) => (
            <QuestionEditor
              key={q.id}
              question={q}
              index={i}
              count={draft.questions.length}
              earlier={draft.questions.slice(0, i)}
              errors={errors}
              onChange={(next) => setQuestions(draft.questions.map((x, j) => (j === i ? next : x)))}
              onMove={(by) => setQuestions(move(draft.questions, i, i + by))}
              onRemove={() => setQuestions(draft.questions.filter((_, j) => j !== i))}
            />
          ))}
          <div class="survey-row survey-add">
            <QuestionTypeField id="survey-new-type" label="Тип нового вопроса" value={newType} onChange={setNewType} />
            <button type="button" class="secondary" disabled={draft.questions.length >= MAX_SURVEY_QUESTIONS} onClick={() => setQuestions([...draft.questions, newQuestion(newType, draft.questions)])}>
              Добавить вопрос
            </button>
          </div>
          {other.length > 0 && (
            <ul class="field-error" id="survey-other-errors">
              {other.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
          <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
          <div class="buttons">
            <button type="submit" class="secondary" disabled={busy}>
              Сохранить черновик
            </button>
            <button type="button" disabled={busy || (survey !== null && !survey.unpublished && latest !== null && JSON.stringify(survey.draft) === JSON.stringify(draft))} onClick={() => void publish()}>
              {latest === null ? 'Опубликовать' : `Опубликовать версию ${latest + 1}`}
            </button>
          </div>
        </form>
        <SurveyPreview definition={draft} />
      </div>
      {survey && survey.versions.length > 0 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">Опубликованные версии</h2>
          <ul id="survey-versions">
            {survey.versions.map((v) => (
              <li key={v.version}>
                Версия {v.version}: {moscowDateTime(v.publishedAt)}, вопросов {v.definition.questions.length} — <a href={`/surveys/${survey.id}/results?version=${v.version}`}>итоги версии {v.version}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
