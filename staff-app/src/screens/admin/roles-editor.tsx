import { useEffect, useRef, useState } from 'preact/hooks';
import type { RoleGrant, StaffUser, UserUpdatedResponse } from '../../../../shared/api/admin.ts';
import { OFFICE_BOUND_ROLES, ROLE_LABEL, type Role } from '../../../../shared/roles.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { inputValue } from '../../components/field.tsx';
import { grantsInWords } from './audit-words.ts';
import { ROLE_ORDER } from './role-order.ts';

/**
 * An existing user's roles: a box per role, and for an office's roles the office beside it. Saving
 * ends the user's sessions (PUT /api/admin/users/:id/roles), so the new roles apply from the next login;
 * the hub refuses to take the last administrator's role, and that reason is shown here.
 */
type Choice = Record<Role, { on: boolean; officeId: string }>;

function choiceOf(user: StaffUser, fallbackOffice: string): Choice {
  const choice = {} as Choice;
  for (const role of ROLE_ORDER) {
    const grant = user.roles.find((g) => g.role === role);
    choice[role] = { on: grant !== undefined, officeId: grant?.officeId ?? fallbackOffice };
  }
  return choice;
}

export function RolesEditor({
  user,
  self,
  offices,
  defaultOffice,
  officeName,
  saved,
  close,
}: {
  user: StaffUser;
  /** The administrator is changing their own roles: their session ends too. */
  self: boolean;
  offices: { id: string; name: string }[];
  defaultOffice: string;
  officeName: (id: string) => string;
  saved: (message: string) => void;
  close: () => void;
}) {
  const fallbackOffice = offices.some((o) => o.id === defaultOffice) ? defaultOffice : (offices[0]?.id ?? '');
  const [choice, setChoice] = useState<Choice>(() => choiceOf(user, fallbackOffice));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from a row's button: the keyboard lands on the form (the caller keys it by the user's id).
  useEffect(() => heading.current?.focus(), []);

  const set = (role: Role, patch: Partial<Choice[Role]>) => {
    setChoice({ ...choice, [role]: { ...choice[role], ...patch } });
    setError(null);
  };
  // An office's role held in several offices (given through the API): the form keeps one, and says so.
  const several = ROLE_ORDER.filter((r) => user.roles.filter((g) => g.role === r).length > 1);

  const submit = async (event: Event) => {
    event.preventDefault();
    const roles: RoleGrant[] = ROLE_ORDER.filter((r) => choice[r].on).map((r) => ({ role: r, officeId: OFFICE_BOUND_ROLES.includes(r) ? choice[r].officeId : null }));
    if (roles.length === 0) return setError('Отметьте хотя бы одну роль. Чтобы закрыть доступ совсем, нажмите «Отключить» в списке.');
    if (roles.some((g) => OFFICE_BOUND_ROLES.includes(g.role) && !g.officeId)) return setError('Выберите отдел для роли отдела');
    setError(null);
    setBusy(true);
    try {
      const answer = await sendJson<UserUpdatedResponse>('PUT', `/api/admin/users/${user.id}/roles`, { roles });
      if (self) return window.location.assign('/login');
      saved(`Роли ${answer.user.login} теперь: ${grantsInWords(answer.user.roles, officeName)}. Сотрудник войдёт заново, и новые права начнут действовать.`);
    } catch (failure) {
      setError(failure instanceof ApiFailure && failure.code === 'last-admin' ? 'Это последний администратор: роль «Администратор» снять нельзя. Сначала дайте её другому сотруднику.' : `Не сохранено: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="roles-editor" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="re-h">
      <h3 id="re-h" ref={heading} tabIndex={-1}>
        Роли: {user.displayName} ({user.login})
      </h3>
      <p class="hint">
        После сохранения сотрудник выйдет из системы на всех компьютерах и войдёт заново уже с новыми ролями.
        {self && ' Вы меняете свои роли: вам тоже нужно будет войти снова.'}
      </p>
      {several.length > 0 && <p class="calm">Роль «{ROLE_LABEL[several[0]!]}» сейчас дана в нескольких отделах; после сохранения останется один выбранный отдел.</p>}
      <fieldset aria-describedby={error ? 're-error' : undefined}>
        <legend>Что сотрудник может делать</legend>
        {ROLE_ORDER.map((role) => (
          <div class="role-choice" key={role}>
            <label>
              <input type="checkbox" checked={choice[role].on} onChange={(e) => set(role, { on: (e.currentTarget as HTMLInputElement).checked })} /> {ROLE_LABEL[role]}
            </label>
            {OFFICE_BOUND_ROLES.includes(role) && choice[role].on && (
              <span class="role-office">
                отдел:{' '}
                <select aria-label={`Отдел для роли «${ROLE_LABEL[role]}»`} value={choice[role].officeId} onChange={(e) => set(role, { officeId: inputValue(e) })}>
                  {offices.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </span>
            )}
          </div>
        ))}
      </fieldset>
      {error && (
        <p id="re-error" class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" disabled={busy}>
          Сохранить роли
        </button>
        <button type="button" class="secondary" onClick={close}>
          Отмена
        </button>
      </div>
    </form>
  );
}
