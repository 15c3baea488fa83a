import { useEffect, useRef } from 'preact/hooks';
import { useSpoken } from '../../view/use-spoken.ts';
import { toWelcome } from '../../state/survey-actions.ts';

/** Shown only once the response is on disk; returns to the welcome screen by itself. */
export function ThanksScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useSpoken('Спасибо за Ваши ответы! Ответы сохранены.');
  return (
    <main class="screen thanks">
      <h1 tabIndex={-1} ref={heading}>
        Спасибо за Ваши ответы!
      </h1>
      <p class="lead" role="status">
        Ответы сохранены. Они помогут нам сделать обслуживание лучше.
      </p>
      <button type="button" class="button primary" onClick={toWelcome}>
        Готово
      </button>
    </main>
  );
}
