import { useState } from 'preact/hooks';
import type { SetupLinkResponse, StaffUser, UserCreatedResponse, UsersResponse } from '../../../../shared/api/admin.ts';
import { OFFICE_BOUND_ROLES, ROLE_LABEL, type Role } from '../../../../shared/roles.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { grantsInWords } from './audit-words.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { EditedAtCentral } from '../../components/edited-at-central.tsx';
import { ROLE_ORDER } from './role-order.ts';
import { RolesEditor } from './roles-editor.tsx';

/**
 * Staff and their roles. A new user starts with the least role (a clerk of this office) and gets a
 * one-time link to set their own password; the same button later resets a forgotten one. Every
 * field is checked beside itself, in Russian, before the form goes. «Изменить роли» opens the
 * user's roles below the list (roles-editor.tsx).
 */
const LOGIN_RE = /^[a-z0-9._-]{2,40}$/i;

interface Draft {
  login: string;
  displayName: string;
  role: Role;
  officeId: string;
}
type Errors = Partial<Record<'login' | 'displayName' | 'officeId', string>>;

function check(d: Draft): Errors {
  const errors: Errors = {};
  const login = d.login.trim();
  if (!login) errors.login = 'Введите логин';
  else if (/[а-яё]/i.test(login)) errors.login = 'Логин пишется латиницей: например, ivanova или i.ivanova';
  else if (!LOGIN_RE.test(login)) errors.login = 'Только латинские буквы, цифры, точка, дефис и подчёркивание; от 2 до 40 знаков';
  const name = d.displayName.trim();
  if (name.length < 2) errors.displayName = 'Введите имя и должность, например: Иванова А. П., специалист';
  else if (name.length > 120) errors.displayName = 'Не длиннее 120 знаков';
  if (OFFICE_BOUND_ROLES.includes(d.role) && !d.officeId) errors.officeId = 'Выберите отдел';
  return errors;
}

export function UsersSection({
  version,
  changed,
  offices,
  defaultOffice,
  officeName,
  regionalFrom,
  selfLogin,
}: {
  version: number;
  changed: () => void;
  offices: { id: string; name: string }[];
  defaultOffice: string;
  officeName: (id: string) => string;
  /** The central's address when accounts come from there: the list is read-only here. */
  regionalFrom: string | null;
  /** Who is logged in: changing one's own roles ends one's own session too. */
  selfLogin: string | null;
}) {
  const users = useLoad(() => getJson<UsersResponse>('/api/admin/users'), [version]);
  const [draft, setDraft] = useState<Draft>({ login: '', displayName: '', role: 'staff', officeId: offices.some((o) => o.id === defaultOffice) ? defaultOffice : (offices[0]?.id ?? '') });
  const [errors, setErrors] = useState<Errors>({});
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const set = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (checked) setErrors(check(next));
  };

  const act = async (what: () => Promise<string>) => {
    try {
      setNotice({ text: await what(), error: false });
    } catch (error) {
      setNotice({ text: (error as Error).message, error: true });
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setChecked(true);
    const found = check(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    const bound = OFFICE_BOUND_ROLES.includes(draft.role);
    try {
      const answer = await sendJson<UserCreatedResponse>('POST', '/api/admin/users', {
        login: draft.login.trim(),
        displayName: draft.displayName.trim(),
        roles: [{ role: draft.role, officeId: bound ? draft.officeId : null }],
      });
      changed();
      setDraft({ ...draft, login: '', displayName: '' });
      setChecked(false);
      setNotice({ text: `Создан ${answer.user.login}. Передайте ссылку лично (72 ч, один раз): ${answer.setupUrl}`, error: false });
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'exists') setErrors({ login: 'Этот логин уже занят: выберите другой' });
      else setNotice({ text: `Не создан: ${(error as Error).message}`, error: true });
    }
  };

  const columns: Column<StaffUser>[] = [
    { id: 'login', label: 'Логин', sort: (u) => u.login, cell: (u) => <td>{u.login}</td> },
    { id: 'name', label: 'Имя', sort: (u) => u.displayName, cell: (u) => <td>{u.displayName}</td> },
    { id: 'roles', label: 'Роли', cell: (u) => <td>{grantsInWords(u.roles, officeName)}</td> },
    {
      id: 'state',
      label: 'Состояние',
      sort: (u) => (u.disabledAt ? 2 : u.hasPassword ? 0 : 1),
      cell: (u) => <td>{u.disabledAt ? `отключён ${moscowDateTime(u.disabledAt)}` : u.hasPassword ? 'действует' : 'ждёт, когда задаст пароль'}</td>,
    },
    {
      id: 'actions',
      label: 'Действия',
      cell: (u) => (
        <td class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void act(async () => {
                const r = await sendJson<SetupLinkResponse>('POST', `/api/admin/users/${u.id}/setup-link`);
                changed();
                return `Ссылка для ${u.login} (действует 72 ч, один раз; передайте лично): ${r.setupUrl}`;
              })
            }
          >
            {u.hasPassword ? 'Ссылка для нового пароля' : 'Ссылка для пароля'}
          </button>{' '}
          {!u.disabledAt && (
            <>
              <button type="button" class="secondary" aria-expanded={editing?.id === u.id} onClick={() => setEditing(u)}>
                Изменить роли
              </button>{' '}
            </>
          )}
          {!u.disabledAt && (
            <ConfirmButton
              label="Отключить"
              question={`Отключить ${u.login}? Все его сеансы завершатся.`}
              confirmLabel="Да, отключить"
              onConfirm={() =>
                void act(async () => {
                  await sendJson('POST', `/api/admin/users/${u.id}/disable`);
                  changed();
                  return `${u.login} отключён.`;
                })
              }
            />
          )}
        </td>
      ),
    },
  ];

  const shown = regionalFrom === null ? columns : columns.filter((c) => c.id !== 'actions');
  return (
    <section class="card" aria-labelledby="users-h">
      <h2 id="users-h">Сотрудники</h2>
      {regionalFrom !== null && <EditedAtCentral centralUrl={regionalFrom} path="/admin" what="Состав сотрудников, их роли и пароли" plural />}
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      {users.data ? (
        <DataTable caption="Сотрудники и их роли" captionHidden columns={shown} rows={users.data.users} rowKey={(u) => String(u.id)} />
      ) : users.error ? (
        <Failed message={users.error} retry={users.reload} />
      ) : (
        <Loading what="сотрудники" />
      )}
      {regionalFrom === null && editing && (
        <RolesEditor
          key={editing.id}
          user={editing}
          self={editing.login === selfLogin}
          offices={offices}
          defaultOffice={defaultOffice}
          officeName={officeName}
          saved={(text) => {
            setEditing(null);
            changed();
            setNotice({ text, error: false });
          }}
          close={() => setEditing(null)}
        />
      )}
      {regionalFrom === null && (
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <h3>Новый сотрудник</h3>
        <Field id="nu-login" label="Логин" hint="Латиницей, например ivanova; им сотрудник входит в систему." error={errors.login ?? null}>
          {(c) => <input {...c} autoComplete="off" spellcheck={false} value={draft.login} onInput={(e) => set({ login: inputValue(e) })} />}
        </Field>
        <Field id="nu-name" label="Имя и должность" error={errors.displayName ?? null}>
          {(c) => <input {...c} value={draft.displayName} onInput={(e) => set({ displayName: inputValue(e) })} />}
        </Field>
        <Field id="nu-role" label="Роль" hint="Начните с наименьшей нужной роли; добавить права можно потом кнопкой «Изменить роли» в списке.">
          {(c) => (
            <select {...c} value={draft.role} onChange={(e) => set({ role: inputValue(e) as Role })}>
              {ROLE_ORDER.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {OFFICE_BOUND_ROLES.includes(draft.role) && (
          <Field id="nu-office" label="Отдел (для начальника и сотрудника отдела)" error={errors.officeId ?? null}>
            {(c) => (
              <select {...c} value={draft.officeId} onChange={(e) => set({ officeId: inputValue(e) })}>
                {offices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <div class="buttons">
          <button type="submit">Создать и получить ссылку</button>
        </div>
      </form>
      )}
    </section>
  );
}
