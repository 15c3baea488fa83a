import type { DeadlineState } from './appeal-deadlines.ts';
import type { RegisterChannel, RegisterStep, Tone } from './register.ts';
import type { DueKind, RegisterStatus } from './register-fold.ts';

/**
 * The register's words in Russian (issue 18). Apart from register.ts and register-fold.ts, and
 * importing only their types, so the staff app's screens bundle the words without zod.
 */
export const REGISTER_CHANNEL_LABEL: Record<RegisterChannel, string> = {
  'book-of-reviews': 'Книга отзывов и предложений',
  hotline: 'Горячая линия',
  'written-appeal': 'Письменное обращение (59-ФЗ)',
  'social-poll': 'Опрос в социальных сетях',
  'open-resource': 'Отзыв на открытом ресурсе',
  'comment-in-work': 'Комментарий клиента, взятый в работу',
  'mystery-shopper': 'Тайный клиент',
};

export const TONE_LABEL: Record<Tone, string> = { negative: 'негативный', neutral: 'нейтральный', positive: 'позитивный', suggestion: 'предложение' };

export const REGISTER_STATUS_LABEL: Record<RegisterStatus, string> = {
  new: 'новое',
  registered: 'зарегистрировано',
  measures: 'меры приняты',
  redirected: 'перенаправлено',
  answered: 'ответ дан',
  closed: 'закрыто',
};

export const DUE_LABEL: Record<DueKind, string> = {
  register: 'регистрация (3 дня, 59-ФЗ ст. 8)',
  redirect: 'перенаправление (7 дней, 59-ФЗ ст. 8)',
  answer: 'ответ (30 дней, 59-ФЗ ст. 12)',
  'book-answer': 'письменный ответ автору (5 дней)',
};

export const DUE_STATE_LABEL: Record<DeadlineState, string> = {
  met: 'выполнено в срок',
  late: 'выполнено с опозданием',
  open: 'в срок',
  soon: 'скоро срок',
  overdue: 'просрочено',
};

export const STEP_LABEL: Record<RegisterStep, string> = {
  opened: 'Запись внесена',
  registered: 'Зарегистрировано',
  extended: 'Срок продлён',
  redirected: 'Перенаправлено',
  measures: 'Приняты меры',
  answered: 'Дан ответ',
  reclassified: 'Изменены тон и темы',
  closed: 'Закрыто',
};
