import type { SurveyMeta } from '../../../../shared/surveys/definition.ts';
import { SURVEY_PLACE_LABEL, SURVEY_PLACES, type SurveyPlace } from '../../../../shared/surveys/survey-words.ts';
import { DateField } from '../../components/date-field.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { errorAt, type FieldErrors } from './builder-state.ts';

/**
 * The survey's own fields: title, introduction, period, target offices (all or a list), where it
 * is offered, the target number of answers («минимальный объем выборочной совокупности») and
 * whether it is the question of the day.
 */
interface Props {
  meta: SurveyMeta;
  offices: { id: string; name: string }[];
  errors: FieldErrors;
  onChange: (meta: SurveyMeta) => void;
}

export function MetaEditor({ meta, offices, errors, onChange }: Props) {
  const err = (path: string) => errorAt(errors, `meta.${path}`);
  const set = <K extends keyof SurveyMeta>(key: K, value: SurveyMeta[K]) => onChange({ ...meta, [key]: value });
  const chosen = meta.offices === 'all' ? [] : meta.offices;
  const togglePlace = (place: SurveyPlace, on: boolean) => set('places', on ? SURVEY_PLACES.filter((p) => p === place || meta.places.includes(p)) : meta.places.filter((p) => p !== place));
  const toggleOffice = (id: string, on: boolean) => set('offices', on ? offices.map((o) => o.id).filter((o) => o === id || chosen.includes(o)) : chosen.filter((o) => o !== id));
  return (
    <fieldset class="survey-meta">
      <legend>Опрос</legend>
      <Field id="survey-title" label="Название" error={err('title')}>
        {(c) => <input {...c} type="text" maxLength={200} value={meta.title} onInput={(e) => set('title', inputValue(e))} />}
      </Field>
      <Field id="survey-introduction" label="Вступление" hint="Что клиент прочтёт перед первым вопросом" error={err('introduction')}>
        {(c) => <textarea {...c} maxLength={2000} value={meta.introduction} onInput={(e) => set('introduction', (e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <div class="survey-row">
        <DateField id="survey-from" label="Период: с" value={meta.period.from} error={err('period.from') ?? err('period')} onChange={(from) => set('period', { ...meta.period, from })} />
        <DateField id="survey-to" label="по (включительно)" value={meta.period.to} error={err('period.to')} onChange={(to) => set('period', { ...meta.period, to })} />
        <Field id="survey-target" label="Цель: ответов не меньше" hint="Минимальный объём выборки; пусто — без цели" error={err('targetN')}>
          {(c) => (
            <input
              {...c}
              type="number"
              min={1}
              step={1}
              value={meta.targetN ?? ''}
              onInput={(e) => {
                const text = inputValue(e).trim();
                set('targetN', text === '' ? null : Number(text));
              }}
            />
          )}
        </Field>
      </div>
      <fieldset class="survey-places">
        <legend>Где проводится</legend>
        {SURVEY_PLACES.map((p) => (
          <label key={p}>
            <input type="checkbox" id={`survey-place-${p}`} checked={meta.places.includes(p)} onChange={(e) => togglePlace(p, (e.currentTarget as HTMLInputElement).checked)} /> {SURVEY_PLACE_LABEL[p]}
          </label>
        ))}
        {err('places') && <small class="field-error">{err('places')}</small>}
        <p class="hint">Сейчас опрос доходит до киосков отделов; ссылки для телефона и сотрудников — в следующих работах.</p>
      </fieldset>
      <div class="field">
        <label>
          <input id="survey-qod" type="checkbox" checked={meta.questionOfDay} onChange={(e) => set('questionOfDay', (e.currentTarget as HTMLInputElement).checked)} /> Вопрос дня: один вопрос на приветственном экране киоска, ответ одним касанием
        </label>
      </div>
      <fieldset class="survey-offices">
        <legend>Отделы</legend>
        <label>
          <input type="radio" name="survey-offices" checked={meta.offices === 'all'} onChange={() => set('offices', 'all')} /> Все отделы
        </label>
        <label>
          <input type="radio" name="survey-offices" id="survey-offices-list" checked={meta.offices !== 'all'} onChange={() => set('offices', [])} /> Только выбранные
        </label>
        {meta.offices !== 'all' && (
          <div class="survey-office-list">
            {offices.map((o) => (
              <label key={o.id}>
                <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => toggleOffice(o.id, (e.currentTarget as HTMLInputElement).checked)} /> {o.name}
              </label>
            ))}
          </div>
        )}
        {err('offices') && <small class="field-error">{err('offices')}</small>}
      </fieldset>
    </fieldset>
  );
}
