import { passwordProblem } from '../../../../shared/password-rules.ts';

/** The checks of a new password beside its two fields: the hub's own rules, then the repeat. */
export function newPasswordErrors(password: string, confirm: string, login: string | undefined): { password?: string; confirm?: string } {
  const problem = passwordProblem(password, login);
  const errors: { password?: string; confirm?: string } = {};
  if (problem) errors.password = `Не подходит: ${problem}.`;
  if (!confirm) errors.confirm = 'Повторите пароль';
  else if (confirm !== password) errors.confirm = 'Пароли не совпадают';
  return errors;
}

export const PASSWORD_HINT = 'Не короче 10 знаков. Не подойдут ряд клавиш, повтор одного знака, частое слово с цифрами и логин. Удобно взять фразу из нескольких слов.';
