import { useRef, useState } from 'preact/hooks';
import { OnscreenKeyboard } from '../../components/onscreen-keyboard.tsx';
import type { KeyAction } from '../../keyboard/layout.ts';
import { applyKey, sentenceStart } from '../../keyboard/text-edit.ts';
import { context } from '../../state/app-state.ts';

/** A short text answer: the field, and on the kiosk the Russian on-screen keyboard under it (a phone has its own). */
export function TextEntry(props: { id: string; label: string; value: string; maxLength: number; onChange: (text: string) => void }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const kiosk = context.value?.mode === 'kiosk';
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
    <div class={`comment${kiosk ? ' with-keyboard' : ''}`}>
      <label for={props.id} class="hint">
        {props.label}
      </label>
      <textarea id={props.id} ref={field} rows={2} maxLength={props.maxLength} inputMode={kiosk ? 'none' : 'text'} value={props.value} onInput={(e) => props.onChange((e.currentTarget as HTMLTextAreaElement).value)} />
      {kiosk && <OnscreenKeyboard upper={upper} onKey={onKey} />}
    </div>
  );
}
