/**
 * The survey definition's fixed lists and their Russian words, free of zod so the staff app's
 * builder and results pages (which carry no validation library) read them; definition.ts builds its
 * schemas on them and re-exports them.
 */
export const QUESTION_TYPES = ['scale-5', 'scale-10', 'single', 'multiple', 'text', 'yes-no'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABEL: Record<QuestionType, string> = {
  'scale-5': 'Шкала 1–5',
  'scale-10': 'Шкала 0–10',
  single: 'Один вариант',
  multiple: 'Несколько вариантов',
  text: 'Короткий текст',
  'yes-no': 'Да / нет',
};

/**
 * Where a survey is offered (issue 20): on the kiosk, on the client's phone, by the staff survey's
 * one-time links, and `interviewer`: the exit poll of order No. 308, 2.2 — office staff ask
 * visitors and tap their answers in on a tablet or phone (/interviewer on the office hub).
 */
export const SURVEY_PLACES = ['kiosk-after', 'kiosk-standalone', 'phone-link', 'interviewer', 'staff-link'] as const;
export type SurveyPlace = (typeof SURVEY_PLACES)[number];
export const SURVEY_PLACE_LABEL: Record<SurveyPlace, string> = {
  'kiosk-after': 'Киоск, после основной анкеты',
  'kiosk-standalone': 'Киоск, отдельно',
  'phone-link': 'Телефон: ссылка, QR-плакат, письмо',
  interviewer: 'Опрос сотрудником на выходе',
  'staff-link': 'Ссылка для сотрудников',
};

export const MAX_SURVEY_QUESTIONS = 50;

/** The channels a survey answer arrives by (shared/records.ts `surveyChannelSchema`), as results name them. */
export const SURVEY_CHANNEL_LABEL: Record<string, string> = {
  kiosk: 'Киоск',
  'qr-poster': 'QR-плакат',
  'visit-qr': 'QR-код после приёма',
  'email-link': 'Ссылка по e-mail',
  interviewer: 'Опрос на выходе (сотрудник)',
};
