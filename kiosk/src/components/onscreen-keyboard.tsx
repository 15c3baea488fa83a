import { useState } from 'preact/hooks';
import { keyboardRows, type KeyAction } from '../keyboard/layout.ts';

/**
 * The Russian on-screen keyboard (kiosk mode only). Keys do not take focus from the text field
 * (pointerdown is cancelled), so the caret stays where the client put it.
 */
export function OnscreenKeyboard(props: { upper: boolean; onKey: (action: KeyAction) => void }) {
  const rows = keyboardRows(props.upper);
  const [pressed, setPressed] = useState<string | null>(null);
  return (
    <div class="keyboard" role="group" aria-label="Экранная клавиатура">
      {rows.map((row, r) => (
        <div class="keyboard-row" key={r}>
          {row.map((key) => (
            <button
              type="button"
              key={`${r}-${key.label}`}
              class={`key key-${key.action.kind}${pressed === key.label ? ' key-down' : ''}`}
              style={{ flexGrow: key.width }}
              aria-label={key.name}
              aria-pressed={key.action.kind === 'shift' ? props.upper : undefined}
              onPointerDown={(e) => {
                e.preventDefault();
                setPressed(key.label);
              }}
              onPointerUp={() => setPressed(null)}
              onPointerLeave={() => setPressed(null)}
              onClick={() => props.onKey(key.action)}
            >
              {key.label}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
