import { useLayoutEffect, useRef } from 'preact/hooks';
import { draft } from '../state/app-state.ts';
import { abandon, cancelFinish } from '../state/survey-actions.ts';
import { useSpoken } from '../view/use-spoken.ts';

/**
 * «Завершить опрос?»: the answers given so far are kept either way, so the question is only
 * whether the client meant to stop. Focus starts on «Продолжить опрос», the choice that loses
 * nothing; Escape does the same.
 */
export function ConfirmFinish() {
  const stay = useRef<HTMLButtonElement>(null);
  // A layout effect, not a plain one: a plain effect waits for the next frame, and an Escape
  // pressed right after the tap that opened the dialog would find the focus still outside it.
  useLayoutEffect(() => {
    // Back to «Завершить опрос» when the client stays, so the keyboard goes on from where it was.
    const before = document.activeElement;
    stay.current?.focus();
    // Escape anywhere stays, even when the focus has left the dialog (a tap on its backdrop).
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && cancelFinish();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);
  const answered = Object.keys(draft.value?.answers ?? {}).length > 0 || (draft.value?.comment.trim() ?? '') !== '';
  const text = answered ? 'Ответы, которые Вы уже дали, будут сохранены. Остальные вопросы останутся без ответа.' : 'Вы ещё не ответили ни на один вопрос.';
  useSpoken(`Завершить опрос? ${text}`);
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="finish-title" aria-describedby="finish-text">
        <h2 id="finish-title">Завершить опрос?</h2>
        <p id="finish-text">{text}</p>
        <div class="dialog-actions">
          <button type="button" class="button secondary" ref={stay} onClick={cancelFinish}>
            Продолжить опрос
          </button>
          <button type="button" class="button primary" onClick={() => void abandon('thanks')}>
            Завершить
          </button>
        </div>
      </div>
    </div>
  );
}
