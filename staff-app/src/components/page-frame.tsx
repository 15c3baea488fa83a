import type { ComponentChildren } from 'preact';
import type { Frame } from '../../../shared/api/boot.ts';

/**
 * The frame of every staff page: where you are (this office, or the central collector), who you
 * are and with which roles, the pages your roles open on this hub, and the way out. The pages
 * listed are the hub's decision (it knows which routes it has and what each role may open).
 */
export function PageFrame({ frame, title, children }: { frame: Frame; title: string; children: ComponentChildren }) {
  const here = location.pathname;
  return (
    <>
      <a class="skip-link" href="#main">
        Перейти к содержанию
      </a>
      <header class="top">
        <div class="top-where">
          <a class="brand" href={frame.user ? '/staff' : '/login'}>
            Обратная связь ЦЗН
          </a>
          {frame.hub.title && <span class="hub-title">{frame.hub.title}</span>}
        </div>
        {frame.user ? (
          <div class="top-who">
            <span class="who-name">{frame.user.displayName}</span>
            <span class="who-roles">{frame.user.roles.map((r) => r.label).join('; ')}</span>
            <a href="/account/password">Сменить пароль</a>
            <form method="post" action="/logout" class="logout">
              <button type="submit" class="secondary">
                Выйти
              </button>
            </form>
          </div>
        ) : (
          here !== '/login' && (
            <div class="top-who">
              <a href="/login">Войти</a>
            </div>
          )
        )}
      </header>
      {frame.nav.length > 0 && (
        <nav class="sections" aria-label="Разделы">
          <ul>
            {frame.nav.map((link) => (
              <li key={link.path}>
                <a href={link.path} aria-current={here === link.path ? 'page' : undefined} title={link.text}>
                  {link.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}
