import { useState } from 'preact/hooks';
import type { ScreenProps } from '../../screen-props.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { newPasswordErrors, PASSWORD_HINT } from './password-inputs.tsx';

/**
 * The one-time link's page: a new user's first password, or a new one after the administrator
 * issued a reset link. Posts as a plain form to the same address; the hub checks again.
 */
const REFUSAL = { unknown: 'Такой ссылки нет.', used: 'Эта ссылка уже использована.', expired: 'Срок действия ссылки истёк.' } as const;

export function Screen({ props }: ScreenProps<'setup'>) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  if (props.login === null || props.refusal !== null) {
    return (
      <div class="card" data-problem="setup-link">
        <p>{REFUSAL[props.refusal ?? 'unknown']} Попросите администратора выдать новую ссылку.</p>
        <p>
          <a href="/login">Ко входу</a>
        </p>
      </div>
    );
  }
  const login = props.login;
  const submit = (event: Event) => {
    const found = newPasswordErrors(password, confirm, login);
    setErrors(found);
    if (found.password || found.confirm) event.preventDefault();
  };
  return (
    <form class="card stack" method="post" action={location.pathname} noValidate onSubmit={submit}>
      {props.error && (
        <p class="notice notice-error" role="alert">
          {props.error}
        </p>
      )}
      <p>
        Логин: <strong>{login}</strong>. Ссылка действует один раз.
      </p>
      <input type="hidden" name="username" value={login} autoComplete="username" />
      <Field id="password" label="Новый пароль" hint={PASSWORD_HINT} error={errors.password ?? null}>
        {(c) => <input {...c} name="password" type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(inputValue(e))} />}
      </Field>
      <Field id="confirm" label="Ещё раз" error={errors.confirm ?? null}>
        {(c) => <input {...c} name="confirm" type="password" autoComplete="new-password" value={confirm} onInput={(e) => setConfirm(inputValue(e))} />}
      </Field>
      <div class="buttons">
        <button type="submit">Сохранить пароль</button>
      </div>
    </form>
  );
}
