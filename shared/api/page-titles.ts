import type { PageId } from './boot.ts';

/** Each staff page's heading, also the start of its <title> (the hub writes it before the app runs). */
export const PAGE_TITLE: Record<PageId, string> = {
  home: 'Рабочее место',
  login: 'Вход для сотрудников',
  setup: 'Задать пароль',
  password: 'Сменить пароль',
  dashboard: 'Показатели обратной связи',
  board: 'Пульты и киоски',
  admin: 'Администрирование',
  services: 'Услуги в анкете',
  'alert-rules': 'Сигналы о низких оценках',
  invite: 'Пригласить к опросу',
  posters: 'QR-плакаты отделов',
  central: 'Связь с отделами',
  offices: 'Справочник отделов',
  register: 'Реестр обращений',
  'register-new': 'Новая запись в реестре',
  'register-entry': 'Запись реестра обращений',
  'phone-survey': 'Телефонный опрос',
  'pain-map': 'Карта болей клиента',
  surveys: 'Опросы сектора',
  'survey-builder': 'Конструктор опроса',
  'survey-results': 'Итоги опроса',
  forbidden: 'Нет доступа',
  'not-found': 'Страница не найдена',
  error: 'Ошибка на сервере',
};
