import { useState } from 'preact/hooks';
import { registerKiosk } from '../../setup/register.ts';
import { completeSetup } from '../../state/setup-actions.ts';
import { runtime } from '../../state/runtime.ts';

/**
 * First run of a kiosk, for the АХО technician (not for clients): bind the kiosk to its office with
 * a pairing code or a device key, and set the staff PIN for the hidden exit.
 */
export function SetupScreen() {
  const [keyOrCode, setKey] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage('Проверяем ключ на хабе…');
    const rt = runtime();
    const result = await registerKiosk({ keyOrCode, pin, pinAgain }, { timeoutMs: rt.timings.requestTimeoutMs, now: rt.clock }).catch(() => ({
      ok: false as const,
      message: 'Не удалось сохранить PIN: браузер не даёт шифрования на этом адресе. Запустите браузер киоска так, как описано в инструкции по установке киоска.',
    }));
    setBusy(false);
    if (!result.ok) return void setMessage(result.message);
    setMessage('');
    await completeSetup(result.binding);
  };

  return (
    <main class="screen setup">
      <h1>Настройка киоска</h1>
      <p>
        Экран для сотрудника АХО. Код привязки выдают на странице хаба «Администрирование», раздел «Устройства» → «Привязать устройство»; введите его здесь в течение 10
        минут.
      </p>
      {!window.isSecureContext && (
        <p class="message" role="alert">
          Адрес киоска не защищён: без HTTPS киоск не будет работать без сети и не сохранит PIN. Браузер киоска нужно запустить так, как описано в инструкции по
          установке киоска (раздел «Запуск Chromium»).
        </p>
      )}
      <form onSubmit={submit}>
        <label for="setup-key">Код привязки или ключ устройства</label>
        <input id="setup-key" type="text" autoComplete="off" spellcheck={false} value={keyOrCode} onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)} />
        <label for="setup-pin">Новый PIN сотрудника (4–8 цифр) для служебного выхода</label>
        <input id="setup-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value)} />
        <label for="setup-pin-again">Повторите PIN</label>
        <input id="setup-pin-again" type="password" inputMode="numeric" autoComplete="new-password" value={pinAgain} onInput={(e) => setPinAgain((e.currentTarget as HTMLInputElement).value)} />
        <p class="message" role="alert">
          {message}
        </p>
        <button type="submit" class="button primary" disabled={busy}>
          Подключить киоск
        </button>
      </form>
      <p class="hint">Служебный выход потом: удерживайте левый верхний угол экрана 3 секунды (или Ctrl+Alt+S) и введите PIN.</p>
    </main>
  );
}
