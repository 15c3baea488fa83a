import { useState } from 'preact/hooks';
import type { PasswordChangedResponse } from '../../../../shared/api/me.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { newPasswordErrors, PASSWORD_HINT } from './password-inputs.tsx';
import { EditedAtCentral } from '../../components/edited-at-central.tsx';

/**
 * Changing one's own password (POST /api/me/password). The hub ends every session of the user on
 * success, this one included, so the page then sends them to log in with the new password.
 */
export function Screen({ frame }: ScreenProps<'password'>) {
  if (frame.hub.regionalFrom !== null) {
    return (
      <div class="card">
        <EditedAtCentral centralUrl={frame.hub.regionalFrom} path="/account/password" what="Пароль" />
        <p>Смените пароль на центральном сборщике: новый пароль начнёт действовать и здесь, когда хаб отдела получит настройки (обычно в течение нескольких минут). Вход здесь при этом завершится.</p>
      </div>
    );
  }
  return <PasswordForm frame={frame} />;
}

function PasswordForm({ frame }: { frame: ScreenProps<'password'>['frame'] }) {
  const login = frame.user?.login;
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; password?: string; confirm?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);

  if (done !== null) {
    return (
      <div class="card">
        <p class="notice notice-ok" role="status">
          Пароль изменён. Вы вышли из системы на всех устройствах{done > 1 ? ` (сеансов: ${done})` : ''}.
        </p>
        <p>
          <a href="/login">Войти с новым паролем</a>
        </p>
      </div>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: typeof errors = { ...newPasswordErrors(password, confirm, login) };
    if (!current) found.current = 'Введите текущий пароль';
    else if (current === password) found.password = 'Новый пароль совпадает с текущим';
    setErrors(found);
    if (found.current || found.password || found.confirm) return;
    setBusy(true);
    try {
      const answer = await sendJson<PasswordChangedResponse>('POST', '/api/me/password', { current, next: password });
      setDone(answer.sessionsEnded);
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : null;
      if (failure?.code === 'wrong-password') setErrors({ current: 'Текущий пароль неверен' });
      else if (failure?.code === 'weak-password') setErrors({ password: `Не подходит: ${failure.message}.` });
      else setErrors({ form: failure?.message ?? 'Не получилось. Попробуйте ещё раз.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card stack" noValidate onSubmit={submit}>
      {errors.form && (
        <p class="notice notice-error" role="alert">
          {errors.form}
        </p>
      )}
      <input type="hidden" name="username" value={login ?? ''} autoComplete="username" />
      <Field id="current" label="Текущий пароль" error={errors.current ?? null}>
        {(c) => <input {...c} type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(inputValue(e))} />}
      </Field>
      <Field id="new-password" label="Новый пароль" hint={PASSWORD_HINT} error={errors.password ?? null}>
        {(c) => <input {...c} type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(inputValue(e))} />}
      </Field>
      <Field id="confirm" label="Новый пароль ещё раз" error={errors.confirm ?? null}>
        {(c) => <input {...c} type="password" autoComplete="new-password" value={confirm} onInput={(e) => setConfirm(inputValue(e))} />}
      </Field>
      <p class="muted">После смены пароля вы выйдете из системы на всех устройствах и войдёте заново.</p>
      <div class="buttons">
        <button type="submit" disabled={busy}>
          Сменить пароль
        </button>
      </div>
    </form>
  );
}
