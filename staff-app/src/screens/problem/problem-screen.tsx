import type { PageProps, Frame } from '../../../../shared/api/boot.ts';

/**
 * What a page request meets when it cannot be answered: no access, no such page, a fault on the
 * hub. Always in Russian, with the way on (the user's own pages, the start page, the login).
 */
export function Screen({ props, frame }: { props: PageProps; frame: Frame }) {
  const home = frame.user ? <a href="/staff">на рабочее место</a> : <a href="/login">ко входу</a>;
  switch (props.page) {
    case 'forbidden':
      return (
        <div class="card problem" data-problem="forbidden">
          <p>У ваших ролей нет доступа к этой странице: её открывают сотрудники с другими ролями.</p>
          {frame.nav.length > 0 ? (
            <>
              <p>Вам доступны:</p>
              <ul>
                {frame.nav.map((link) => (
                  <li key={link.path}>
                    <a href={link.path}>{link.title}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Для ваших ролей на этом хабе страниц пока нет.</p>
          )}
          <p>Если доступ нужен по работе, попросите администратора добавить вам роль. Вернуться {home}.</p>
        </div>
      );
    case 'not-found':
      return (
        <div class="card problem" data-problem="not-found">
          <p>Такой страницы на этом хабе нет. Возможно, в адресе опечатка или страница есть только у {frame.hub.role === 'central' ? 'хаба отдела' : 'центрального сборщика'}.</p>
          <p>Перейти {home}.</p>
        </div>
      );
    default:
      return (
        <div class="card problem" data-problem="error">
          <p>На хабе произошла ошибка, страница не открылась. Данные не потеряны.</p>
          <p>Обновите страницу через минуту. Если ошибка повторяется, сообщите администратору время, когда она случилась. Перейти {home}.</p>
        </div>
      );
  }
}
