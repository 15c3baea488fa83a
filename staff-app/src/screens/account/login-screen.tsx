import { useState } from 'preact/hooks';
import type { ScreenProps } from '../../screen-props.ts';
import { Field, inputValue } from '../../components/field.tsx';

/**
 * The login form. It posts as a plain form (the hub sets the session cookie and redirects), so the
 * hub's answer to a wrong password is this page again with its reason. Empty fields are caught
 * here, in Russian, before the form goes (the browser's own messages follow its language).
 * «Забыли пароль?» leaves a request the administrator sees on /admin; the reply never says whether
 * the login exists. On an office hub that takes its accounts from the central it says where to ask
 * instead: passwords are set there, and nobody here could answer.
 */
export function Screen({ props, frame }: ScreenProps<'login'>) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ login?: string; password?: string }>({});
  const [forgot, setForgot] = useState(false);
  const [forgotLogin, setForgotLogin] = useState('');
  const [forgotError, setForgotError] = useState<string | null>(null);

  const submit = (event: Event) => {
    const found: typeof errors = {};
    if (!login.trim()) found.login = 'Введите логин';
    if (!password) found.password = 'Введите пароль';
    setErrors(found);
    if (found.login || found.password) event.preventDefault();
  };
  const submitForgot = (event: Event) => {
    if (!forgotLogin.trim()) {
      event.preventDefault();
      setForgotError('Введите свой логин');
    }
  };

  return (
    <>
      {props.notice && (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      )}
      <form class="card stack" method="post" action="/login" noValidate onSubmit={submit}>
        {props.error && (
          <p class="notice notice-error" role="alert">
            {props.error}
          </p>
        )}
        <input type="hidden" name="next" value={props.next} />
        <Field id="login" label="Логин" error={errors.login ?? null}>
          {(c) => <input {...c} name="login" autoComplete="username" autoFocus value={login} onInput={(e) => setLogin(inputValue(e))} />}
        </Field>
        <Field id="password" label="Пароль" error={errors.password ?? null}>
          {(c) => <input {...c} name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(inputValue(e))} />}
        </Field>
        <div class="buttons">
          <button type="submit">Войти</button>
          <button type="button" class="link" aria-expanded={forgot} onClick={() => setForgot(!forgot)}>
            Забыли пароль?
          </button>
        </div>
      </form>
      {forgot && frame.hub.regionalFrom !== null && <AskAtCentral centralUrl={frame.hub.regionalFrom} />}
      {forgot && frame.hub.regionalFrom === null && (
        <form class="card stack" method="post" action="/login/forgot" noValidate onSubmit={submitForgot}>
          <h2>Новый пароль</h2>
          <p>
            Пароль не присылается по почте. Оставьте просьбу: администратор увидит её на своей странице и передаст вам одноразовую ссылку, по которой вы зададите новый пароль.
          </p>
          <Field id="forgot-login" label="Ваш логин" error={forgotError}>
            {(c) => <input {...c} name="login" autoComplete="username" value={forgotLogin} onInput={(e) => setForgotLogin(inputValue(e))} />}
          </Field>
          <div class="buttons">
            <button type="submit">Попросить новый пароль</button>
          </div>
        </form>
      )}
    </>
  );
}

/** Where to ask for a new password when this hub's accounts come from the central. */
function AskAtCentral({ centralUrl }: { centralUrl: string }) {
  const href = `${centralUrl.replace(/\/+$/, '')}/login`;
  return (
    <section class="card stack" id="forgot-at-central" aria-labelledby="forgot-at-central-h">
      <h2 id="forgot-at-central-h">Новый пароль</h2>
      <p>
        Пароли сотрудников задаются на центральном сборщике, а сюда приходят сами. Откройте вход центрального сборщика, нажмите там «Забыли пароль?» и оставьте просьбу: администратор
        передаст вам одноразовую ссылку. Новый пароль начнёт действовать и здесь в течение нескольких минут.
      </p>
      <p>
        <a href={href}>{href}</a>
      </p>
    </section>
  );
}
