import { useRef, useState } from 'preact/hooks';
import { COMMENT_MAX_LENGTH } from '../../../../shared/surveys.ts';
import { OnscreenKeyboard } from '../../components/onscreen-keyboard.tsx';
import { SurveyFrame } from '../../components/survey-frame.tsx';
import type { KeyAction } from '../../keyboard/layout.ts';
import { applyKey, sentenceStart } from '../../keyboard/text-edit.ts';
import { context, draft, steps } from '../../state/app-state.ts';
import { back, next, setComment } from '../../state/survey-actions.ts';

const HINT = 'Необязательно. Не указывайте имя и телефон — опрос анонимный.';

/** The optional comment: a text field, and on the kiosk the Russian on-screen keyboard. */
export function CommentScreen() {
  const d = draft.value;
  const field = useRef<HTMLTextAreaElement>(null);
  const [upper, setUpper] = useState(() => sentenceStart(d?.comment ?? '', (d?.comment ?? '').length));
  if (!d) return null;
  const kiosk = context.value?.mode === 'kiosk';

  const onKey = (action: KeyAction) => {
    const el = field.current;
    const caret = el ? { selectionStart: el.selectionStart, selectionEnd: el.selectionEnd } : { selectionStart: d.comment.length, selectionEnd: d.comment.length };
    const state = applyKey({ text: d.comment, ...caret, upper }, action, COMMENT_MAX_LENGTH);
    setComment(state.text);
    setUpper(state.upper);
    requestAnimationFrame(() => el?.setSelectionRange(state.selectionStart, state.selectionEnd));
  };

  const hasText = d.comment.trim() !== '';
  // The last step sends the answers: its button says so rather than «Пропустить».
  const last = d.step === steps.value.length - 1;
  return (
    <SurveyFrame step={d.step} total={steps.value.length} headingId="comment-title" heading="Хотите что-нибудь добавить?" spoken={HINT} onBack={back}>
      <div class={`comment${kiosk ? ' with-keyboard' : ''}`}>
        <label for="comment" class="hint">
          {HINT}
        </label>
        <div class="comment-entry">
          <textarea
            id="comment"
            ref={field}
            rows={kiosk ? 2 : 5}
            maxLength={COMMENT_MAX_LENGTH}
            inputMode={kiosk ? 'none' : 'text'}
            aria-describedby="comment-count"
            value={d.comment}
            onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <button type="button" class="button primary" onClick={next}>
            {last ? 'Отправить ответы' : hasText ? 'Далее' : 'Пропустить'}
          </button>
        </div>
        <span id="comment-count" class="count">
          {d.comment.length} из {COMMENT_MAX_LENGTH} знаков
        </span>
        {kiosk && <OnscreenKeyboard upper={upper} onKey={onKey} />}
      </div>
    </SurveyFrame>
  );
}
