import type { AuditAction } from '../../../../shared/audit-actions.ts';
import { ROLE_LABEL, type Role } from '../../../../shared/roles.ts';

/**
 * The audit log in plain Russian: what happened, to what, in words; the raw entry stays one click away.
 * Typed by the hub's actions, so an action added without its words fails `tsc`.
 */
const ACTION_LABEL: Record<AuditAction, string> = {
  'login.ok': 'Вход в систему',
  'login.failed': 'Неудачный вход',
  'login.throttled': 'Вход приостановлен: много неудачных попыток',
  logout: 'Выход',
  'password.set': 'Задан пароль',
  'password.reset-request': 'Просьба о новом пароле',
  'user.create': 'Заведён сотрудник',
  'user.update': 'Изменены роли сотрудника',
  'user.disable': 'Сотрудник отключён',
  'setup-link.create': 'Выдана ссылка для пароля',
  export: 'Выгрузка данных',
  'settings.change': 'Изменены настройки',
  'device.pairing-code': 'Выдан код привязки устройства',
  'device.register': 'Устройство привязано',
  'device.revoke': 'Ключ устройства отозван',
  'office-key.issue': 'Выдан ключ отдела для центрального сборщика',
  'office-key.revoke': 'Ключ отдела отозван',
  'office.create': 'Заведён отдел',
  'office.update': 'Изменены название, вид или адрес отдела',
  'office.close': 'Отдел закрыт',
  'office.reopen': 'Отдел снова открыт',
  'register.author-view': 'Просмотр данных автора обращения',
  'phone-survey.change': 'Телефонный опрос: кампания, список, закрытие',
  'phone-survey.numbers-view': 'Телефонный опрос: просмотр номеров',
  'register.export': 'Выгрузка реестра обращений',
  'pain-map.change': 'Изменена карта болей',
  'mystery-shopper.change': 'Тайный клиент: анкета, визит или файл',
};

const isAuditAction = (action: string): action is AuditAction => Object.hasOwn(ACTION_LABEL, action);

/** An entry's action in words; an action this app does not know (an older or newer hub) says so plainly. */
export const actionLabel = (action: string): string => (isAuditAction(action) ? ACTION_LABEL[action] : 'Другое действие');

export function grantsInWords(grants: readonly { role: string; officeId: string | null }[], officeName: (id: string) => string): string {
  return grants.map((g) => `${ROLE_LABEL[g.role as Role] ?? g.role}${g.officeId ? ` — ${officeName(g.officeId)}` : ''}`).join('; ');
}

const TARGETS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^\/api\/reports\/weekly-panel\/(.+)\.(xlsx|csv)/, (m) => `таблица пультов за неделю ${m[1] === 'last' ? '(прошлую)' : m[1]}, ${m[2]?.toUpperCase()}`],
  [/^\/api\/reports\/monthly\/(.+)\.(xlsx|csv)/, (m) => `CSAT, NPS и CES за месяц ${m[1] === 'last' ? '(прошлый)' : m[1]}, ${m[2]?.toUpperCase()}`],
  [/^\/api\/reports\/archive\/\d+\/(xlsx|csv)/, (m) => `отчёт из архива, ${m[1]?.toUpperCase()}`],
  [/^\/api\/comments\.csv/, () => 'отзывы клиентов, CSV'],
  [/^\/api\/services/, () => 'список услуг в анкете'],
  [/^\/api\/alert-rules/, () => 'правила сигналов о низких оценках'],
  [/^\/api\/analysis\/negative\/(.+)\.xlsx/, (m) => `мониторинг негативной обратной связи за ${m[1]}, XLSX`],
  [/^\/api\/register\.(xlsx|csv)/, (m) => `реестр обращений с отбором, ${m[1]?.toUpperCase()}`],
  [/^\/api\/pain-map\/(\d{4}-Q\d)\.xlsx/, (m) => `карта болей за ${m[1]}, XLSX`],
  [/^\/api\/pain-map/, () => 'карта болей'],
];

/** The object of an action in words: a report, a setting, a device, or the login as it is. */
export function targetInWords(action: string, target: string | null): string {
  if (!target) return '';
  for (const [re, words] of TARGETS) {
    const m = re.exec(target);
    if (m) return words(m);
  }
  if (action.startsWith('office.')) return `отдел ${target}`;
  return action.startsWith('device.') ? `устройство ${target}` : target;
}

/** The detail column: roles said in words; a device's kind and office; otherwise as stored. */
export function detailInWords(action: string, detail: string | null, officeName: (id: string) => string): string {
  if (!detail) return '';
  if (action === 'user.create' || action === 'user.update') {
    try {
      return `роли: ${grantsInWords(JSON.parse(detail) as { role: string; officeId: string | null }[], officeName)}`;
    } catch {
      return detail;
    }
  }
  if (action === 'device.register') {
    const [kind, office] = detail.split(', ');
    return `${kind === 'kiosk' ? 'киоск' : 'компьютер пультов'}${office ? `, ${officeName(office)}` : ''}`;
  }
  return detail;
}
