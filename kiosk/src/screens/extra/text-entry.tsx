import { useRef, useState } from 'preact/hooks';
import { OnscreenKeyboard } from '../../components/onscreen-keyboard.tsx';
import type { KeyAction } from '../../keyboard/layout.ts';
import { applyKey, sentenceStart } from '../../keyboard/text-edit.ts';

/** A short text answer on the kiosk: the field and the Russian on-screen keyboard under it. */
export function TextEntry(props: { id: string; label: string; value: string; maxLength: number; onChange: (text: string) => void }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [upper, setUpper] = useState(() => sentenceStart(props.value, props.value.length));
  const onKey = (action: KeyAction) => {
    const el = field.current;
    const caret = el ? { selectionStart: el.selectionStart, selectionEnd: el.selectionEnd } : { selectionStart: props.value.length, selectionEnd: props.value.length };
    const state = applyKey({ text: props.value, ...caret, upper }, action, props.maxLength);
    props.onChange(state.text);
    setUpper(state.upper);
    requestAnimationFrame(() => el?.setSelectionRange(state.selectionStart, state.selectionEnd));
  };
  return (
    <div class="comment with-keyboard">
      <label for={props.id} class="hint">
        {props.label}
      </label>
      <textarea id={props.id} ref={field} rows={2} maxLength={props.maxLength} inputMode="none" value={props.value} onInput={(e) => props.onChange((e.currentTarget as HTMLTextAreaElement).value)} />
      <OnscreenKeyboard upper={upper} onKey={onKey} />
    </div>
  );
}
