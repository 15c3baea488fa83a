import { useEffect, useRef } from 'preact/hooks';
import { useSpoken } from '../../view/use-spoken.ts';
import { toWelcome } from '../../state/survey-actions.ts';
import { extraDone } from '../../state/app-state.ts';
import { questionCount, startExtra, surveyAfterMain } from '../../state/extra-actions.ts';
import { questionsWord } from '../../survey/steps.ts';

/** Shown only once the response is on disk; returns to the welcome screen by itself. */
export function ThanksScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // After the main survey, one line offers the CX sector's survey of the day, if the office has one.
  const offer = extraDone.value ? null : surveyAfterMain();
  const n = offer ? questionCount(offer) : 0;
  const invitation = offer ? `Ответите ещё на ${questionsWord(n)}?` : '';
  useSpoken(`Спасибо за Ваши ответы! Ответы сохранены. ${invitation}`);
  return (
    <main class="screen thanks">
      <h1 tabIndex={-1} ref={heading}>
        Спасибо за Ваши ответы!
      </h1>
      <p class="lead" role="status">
        Ответы сохранены. Они помогут нам сделать обслуживание лучше.
      </p>
      {offer && (
        <p class="lead extra-offer">
          {invitation}{' '}
          <button type="button" class="button primary" onClick={() => startExtra(offer)}>
            Да, ответить
          </button>
        </p>
      )}
      <button type="button" class={`button ${offer ? 'secondary' : 'primary'}`} onClick={toWelcome}>
        {offer ? 'Нет, спасибо' : 'Готово'}
      </button>
    </main>
  );
}
