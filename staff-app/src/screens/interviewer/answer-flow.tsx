import { useState } from 'preact/hooks';
import { shownQuestions, withoutHidden } from '../../../../shared/surveys/answer-check.ts';
import type { AnswerValue, SurveyAnswers } from '../../../../shared/surveys/answer-types.ts';
import type { SurveyVersion } from '../../../../shared/surveys/definition.ts';
import { QuestionInput } from './question-input.tsx';

/**
 * One visitor after another: the questions one per screen, following their show-if conditions
 * (shared/surveys/answer-check.ts, the kiosk's own rules); the visitor's answers are saved on the
 * device as one answer when the last question is done, or as a partial one if the visitor leaves.
 * Before the first answer the employee may tap «Отказался отвечать» instead: a refusal, counted.
 * Then «Следующий посетитель». Nothing here names the visitor.
 */
type Stage = { kind: 'ask'; step: number } | { kind: 'saved'; complete: boolean } | { kind: 'refused' };

export interface FlowProps {
  version: SurveyVersion;
  /** «Сегодня на этом устройстве» for this survey. */
  today: { answers: number; refusals: number };
  onSave: (answers: SurveyAnswers, complete: boolean) => Promise<void>;
  onRefuse: () => Promise<void>;
  onClose: () => void;
}

export function AnswerFlow({ version, today, onSave, onRefuse, onClose }: FlowProps) {
  const definition = version.definition;
  const [answers, setAnswers] = useState<SurveyAnswers>({});
  const [stage, setStage] = useState<Stage>({ kind: 'ask', step: 0 });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = shownQuestions(definition, answers);

  const run = async (action: () => Promise<void>, then: Stage) => {
    if (busy) return;
    setBusy(true);
    try {
      await action();
      setProblem(null);
      setStage(then);
    } catch {
      setProblem('Не удалось сохранить на этом устройстве. Повторите; если не выйдет — обновите страницу.');
    } finally {
      setBusy(false);
    }
  };
  const finish = (final: SurveyAnswers, complete: boolean) => void run(() => onSave(withoutHidden(definition, final), complete), { kind: 'saved', complete });
  const next = () => {
    setAnswers({});
    setStage({ kind: 'ask', step: 0 });
  };

  if (stage.kind !== 'ask') {
    return (
      <section class="ask ask-done" aria-labelledby="ask-done-title">
        <div role="status">
          <h2 id="ask-done-title">{stage.kind === 'refused' ? 'Отказ учтён' : stage.complete ? 'Ответ сохранён' : 'Начатый ответ сохранён'}</h2>
          <p class="ask-count">
            Сегодня на этом устройстве: ответов {today.answers}, отказов {today.refusals}.
          </p>
        </div>
        <button type="button" class="ask-next" onClick={next}>
          Следующий посетитель
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          К списку опросов
        </button>
      </section>
    );
  }

  const step = Math.min(stage.step, shown.length - 1);
  const q = shown[step]!;
  const value = answers[q.id];
  const set = (v: AnswerValue | undefined, advance: boolean) => {
    const updated = { ...answers };
    if (v === undefined) delete updated[q.id];
    else updated[q.id] = v;
    const kept = withoutHidden(definition, updated);
    setAnswers(kept);
    if (advance) go(kept, step + 1);
  };
  const go = (current: SurveyAnswers, to: number) => (to >= shownQuestions(definition, current).length ? finish(current, true) : setStage({ kind: 'ask', step: to }));
  const tapQuestion = q.type !== 'multiple' && q.type !== 'text';
  const untouched = Object.keys(answers).length === 0;

  return (
    <section class="ask" aria-labelledby="ask-question">
      <p class="ask-where">
        {definition.meta.title} · вопрос {step + 1} из {shown.length}
      </p>
      {step === 0 && untouched && definition.meta.introduction && (
        <details class="ask-script">
          <summary>Что сказать посетителю</summary>
          <p>{definition.meta.introduction}</p>
        </details>
      )}
      <h2 id="ask-question" class="ask-question">
        {q.text}
      </h2>
      {!q.required && <p class="muted">Необязательный вопрос</p>}
      <QuestionInput key={q.id} q={q} value={value} onAnswer={set} />
      {problem && (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <div class="ask-bar">
        {step > 0 && (
          <button type="button" class="secondary" onClick={() => setStage({ kind: 'ask', step: step - 1 })}>
            Назад
          </button>
        )}
        {(!tapQuestion || value !== undefined || !q.required) && (
          <button type="button" disabled={busy || (q.required && value === undefined)} onClick={() => go(answers, step + 1)}>
            {value === undefined && !q.required ? 'Пропустить' : 'Далее'}
          </button>
        )}
      </div>
      <div class="ask-bar ask-bar-end">
        {untouched ? (
          <button type="button" class="ask-refuse" disabled={busy} onClick={() => void run(onRefuse, { kind: 'refused' })}>
            Отказался отвечать
          </button>
        ) : (
          <button type="button" class="secondary" disabled={busy} onClick={() => finish(answers, false)}>
            Посетитель ушёл — сохранить начатое
          </button>
        )}
        <button type="button" class="link" onClick={onClose}>
          {untouched ? 'К списку опросов' : 'Прервать без сохранения'}
        </button>
      </div>
    </section>
  );
}
