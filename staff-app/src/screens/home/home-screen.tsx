import type { ScreenProps } from '../../screen-props.ts';

/** The staff start page: the pages this user's roles open on this hub, each with one line on what it is for. */
export function Screen({ frame }: ScreenProps<'home'>) {
  const user = frame.user;
  return (
    <>
      {user && (
        <p>
          Здравствуйте, {user.displayName}. {frame.hub.role === 'central' ? 'Вы на центральном сборщике: здесь данные всех отделов.' : `Вы в хабе: ${frame.hub.title}.`}
        </p>
      )}
      {frame.nav.length === 0 ? (
        <p class="state state-empty">Для ваших ролей здесь пока нет разделов. Если вам нужен доступ, обратитесь к администратору.</p>
      ) : (
        <ul class="links-grid">
          {frame.nav.map((link) => (
            <li key={link.path}>
              <a href={link.path}>
                {link.title}
                <small>{link.text}</small>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/account/password">Сменить свой пароль</a>
      </p>
    </>
  );
}
