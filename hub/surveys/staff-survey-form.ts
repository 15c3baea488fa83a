import type { AnswerValue, SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { isShown } from '../../shared/surveys/answer-check.ts';
import { SHORT_TEXT_MAX_LENGTH, type SurveyDefinition, type SurveyQuestion } from '../../shared/surveys/definition.ts';
import { html, type SafeHtml } from '../staff/pages/html.ts';

/**
 * The staff survey as a plain HTML form: it works on any phone or office computer without
 * JavaScript, and what it posts is read back into the same answers object every other channel
 * sends (shared/surveys/answer-types.ts). A question with a show-if condition is shown with its
 * condition; an answer to it is dropped when the condition does not hold (withoutHidden).
 */
export type FormFields = Record<string, string | string[] | undefined>;
export type ReadOutcome = { ok: true; answers: SurveyAnswers } | { ok: false; errors: Map<string, string> };

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Reads one question's fields; an untouched question is absent. Shape errors name the question. */
function readQuestion(q: SurveyQuestion, fields: FormFields): AnswerValue | undefined | { error: string } {
  const raw = first(fields[q.id])?.trim();
  switch (q.type) {
    case 'scale-5':
    case 'scale-10':
      if (raw === undefined || raw === '') return undefined;
      return /^\d{1,2}$/.test(raw) ? Number(raw) : { error: 'выберите оценку' };
    case 'yes-no':
      if (raw === undefined || raw === '') return undefined;
      return raw === 'yes' ? true : raw === 'no' ? false : { error: 'выберите «да» или «нет»' };
    case 'single':
      return raw === undefined || raw === '' ? undefined : raw;
    case 'text':
      if (raw === undefined || raw === '') return undefined;
      return raw.length > SHORT_TEXT_MAX_LENGTH ? { error: `не длиннее ${SHORT_TEXT_MAX_LENGTH} знаков` } : raw;
    case 'multiple': {
      const chosen = all(fields[q.id]).filter((id) => id !== 'other');
      const otherText = first(fields[`${q.id}--other`])?.trim() ?? '';
      if (otherText.length > SHORT_TEXT_MAX_LENGTH) return { error: `«другое»: не длиннее ${SHORT_TEXT_MAX_LENGTH} знаков` };
      const other = q.other && otherText !== '' ? otherText : null;
      if (chosen.length === 0 && other === null) return undefined;
      return { chosen, other };
    }
  }
}

export function readStaffSurveyForm(definition: SurveyDefinition, fields: FormFields): ReadOutcome {
  const answers: SurveyAnswers = {};
  const errors = new Map<string, string>();
  for (const q of definition.questions) {
    const value = readQuestion(q, fields);
    if (value === undefined) continue;
    if (typeof value === 'object' && 'error' in value) errors.set(q.id, value.error);
    else answers[q.id] = value;
  }
  for (const q of definition.questions) {
    if (q.required && answers[q.id] === undefined && !errors.has(q.id) && isShown(q, answers)) errors.set(q.id, 'ответьте на этот вопрос');
  }
  return errors.size > 0 ? { ok: false, errors } : { ok: true, answers };
}

function scale(q: SurveyQuestion & { minLabel: string; maxLabel: string }, from: number, to: number, picked: string | undefined): SafeHtml {
  const values = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  return html`<div class="scale">${values.map((v) => html`<label><input type="radio" name="${q.id}" value="${v}" ${picked === v ? 'checked' : ''}${q.required ? ' required' : ''}><span>${v}</span></label>`)}</div>
<p class="ends"><span>${from} — ${q.minLabel}</span><span>${to} — ${q.maxLabel}</span></p>`;
}

function questionInput(q: SurveyQuestion, fields: FormFields): SafeHtml {
  const picked = first(fields[q.id]);
  switch (q.type) {
    case 'scale-5':
      return scale(q, 1, 5, picked);
    case 'scale-10':
      return scale(q, 0, 10, picked);
    case 'yes-no':
      return html`<div class="choices">${[['yes', 'Да'], ['no', 'Нет']].map(([v, label]) => html`<label><input type="radio" name="${q.id}" value="${v}" ${picked === v ? 'checked' : ''}> ${label}</label>`)}</div>`;
    case 'single':
      return html`<div class="choices">${q.options.map((o) => html`<label><input type="radio" name="${q.id}" value="${o.id}" ${picked === o.id ? 'checked' : ''}> ${o.label}</label>`)}</div>`;
    case 'multiple': {
      const chosen = all(fields[q.id]);
      return html`<div class="choices">${q.options.map((o) => html`<label><input type="checkbox" name="${q.id}" value="${o.id}" ${chosen.includes(o.id) ? 'checked' : ''}> ${o.label}</label>`)}
${q.other ? html`<label>Другое: <input type="text" name="${q.id}--other" maxlength="${SHORT_TEXT_MAX_LENGTH}" value="${first(fields[`${q.id}--other`]) ?? ''}"></label>` : ''}</div>`;
    }
    case 'text':
      return html`<textarea name="${q.id}" maxlength="${SHORT_TEXT_MAX_LENGTH}" rows="3">${picked ?? ''}</textarea>`;
  }
}

function conditionNote(q: SurveyQuestion, definition: SurveyDefinition): SafeHtml | string {
  if (q.showIf === null) return '';
  const earlier = definition.questions.findIndex((e) => e.id === q.showIf!.questionId);
  return html`<p class="note">Отвечайте, если в вопросе ${earlier + 1} выбрано: ${q.showIf.values.join(', ')}</p>`;
}

/** The form, filled with what was posted and with each error beside its question. */
export function staffSurveyFormPage(definition: SurveyDefinition, action: string, fields: FormFields = {}, errors = new Map<string, string>(), summary = ''): string {
  const items = definition.questions.map((q, i) => {
    const error = errors.get(q.id);
    return html`<fieldset id="q-${q.id}"${error ? html` aria-invalid="true" aria-describedby="e-${q.id}"` : ''}>
<legend>${i + 1}. ${q.text}${q.required ? html` <abbr title="обязательный вопрос">*</abbr>` : ''}</legend>
${conditionNote(q, definition)}${questionInput(q, fields)}${error ? html`<p class="error" id="e-${q.id}">${error}</p>` : ''}
</fieldset>`;
  });
  return page(
    definition.meta.title,
    html`<p>${definition.meta.introduction}</p>
${summary ? html`<p class="error" role="alert">${summary}</p>` : ''}
<form method="post" action="${action}">${items}<button type="submit">Отправить ответ</button></form>`,
  );
}

export function staffSurveyMessagePage(title: string, text: string): string {
  return page(title, html`<p>${text}</p>`);
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem 1rem;color:#1a1a1a;background:#fff}main{max-width:40rem;margin:auto}h1{font-size:1.5rem}
fieldset{border:1px solid #bbb;border-radius:8px;margin:0 0 1rem;padding:.75rem 1rem}legend{font-weight:600;padding:0 .25rem}
.scale{display:flex;gap:.5rem;flex-wrap:wrap}.scale label{display:flex;flex-direction:column;align-items:center;min-width:2.75rem;padding:.25rem;border:1px solid #888;border-radius:6px}
.ends{display:flex;justify-content:space-between;font-size:.9rem;color:#444;margin:.25rem 0 0}.choices label{display:block;margin:.25rem 0}
textarea,input[type=text]{width:100%;box-sizing:border-box;font:inherit}.error{color:#a00000;font-weight:600}.note{color:#444;font-size:.9rem}
button{font:inherit;padding:.75rem 1.5rem;border-radius:8px;border:0;background:#0b4f8a;color:#fff}</style>
</head>
<body><main><h1>${title}</h1>${body}<p><small>Центр занятости населения Костромской области</small></p></main></body>
</html>`.value;
}
