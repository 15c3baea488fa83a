import { useEffect, useRef, useState } from 'preact/hooks';

/** The staff PIN pad: digits on screen for the touchscreen, the field itself for a keyboard. */
export function PinPad(props: { onSubmit: (pin: string) => Promise<'ok' | 'wrong' | 'locked'>; onCancel: () => void }) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (e?: Event) => {
    e?.preventDefault();
    const result = await props.onSubmit(pin);
    setPin('');
    if (result === 'wrong') setMessage('Неверный PIN.');
    if (result === 'locked') setMessage('Слишком много попыток. Подождите минуту.');
  };
  const press = (digit: string) => setPin((p) => (p.length < 8 ? p + digit : p));

  return (
    <div class="overlay">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="pin-title" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
        <h2 id="pin-title">Служебный вход</h2>
        <form onSubmit={submit}>
          <label for="pin-input">PIN сотрудника</label>
          <input
            id="pin-input"
            ref={input}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value.replace(/\D/g, ''))}
          />
          <p class="message" role="alert">
            {message}
          </p>
          <div class="pin-digits">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
              <button type="button" class="key" key={d} onClick={() => press(d)}>
                {d}
              </button>
            ))}
            <button type="button" class="key" aria-label="стереть" onClick={() => setPin((p) => p.slice(0, -1))}>
              ⌫
            </button>
            <button type="button" class="key" onClick={() => press('0')}>
              0
            </button>
            <button type="submit" class="key key-enter">
              Войти
            </button>
          </div>
          <button type="button" class="button secondary wide" onClick={props.onCancel}>
            Отмена
          </button>
        </form>
      </div>
    </div>
  );
}
