import type { NewEntryBody } from '../../../../shared/api/register.ts';
import { dateProblem } from '../../components/ru-date.ts';

/**
 * A new register entry as the form holds it, one shape for every channel, and its translation
 * into the API's body with the Russian message for each empty or impossible field (checked here
 * first so the clerk sees it at once; the hub checks the same again).
 */
export type FormChannel = 'book-of-reviews' | 'hotline' | 'written-appeal' | 'social-poll' | 'open-resource';

/** The channels of the Internet (2.4, 2.5): a link, a platform, no author's data. */
export const isWebChannel = (c: FormChannel): c is 'social-poll' | 'open-resource' => c === 'social-poll' || c === 'open-resource';

export interface EntryDraft {
  channel: FormChannel;
  officeId: string;
  /** YYYY-MM-DD: the day written in the book, the day the appeal was received. */
  receivedOn: string;
  /** ГГГГ-ММ-ДДTЧЧ:ММ, Moscow time, when the call came (hotline); anything else while still being typed. */
  calledAt: string;
  incomingNumber: string;
  /** Social-network polls and open resources: where it was published. */
  link: string;
  platform: string;
  /** Social-network polls: the question asked and the results as published. */
  question: string;
  results: string;
  summary: string;
  tone: NewEntryBody['tone'];
  topic: string;
  leftAddress: boolean;
  callbackDue: boolean;
  name: string;
  address: string;
  contacts: string;
}

export const emptyDraft = (officeId: string, today: string): EntryDraft => ({
  channel: 'book-of-reviews',
  officeId,
  receivedOn: today,
  calledAt: '',
  incomingNumber: '',
  link: '',
  platform: '',
  question: '',
  results: '',
  summary: '',
  tone: 'negative',
  topic: '',
  leftAddress: false,
  callbackDue: false,
  name: '',
  address: '',
  contacts: '',
});

/** The form's field ids, by the API's paths, so the hub's refusals land beside the right field. */
export const FIELD_OF_PATH: Record<string, keyof EntryDraft> = {
  officeId: 'officeId',
  receivedOn: 'receivedOn',
  'details.calledAt': 'calledAt',
  'details.incomingNumber': 'incomingNumber',
  'details.link': 'link',
  'details.platform': 'platform',
  'details.question': 'question',
  'details.results': 'results',
  summary: 'summary',
  tone: 'tone',
  'author.name': 'name',
  'author.address': 'address',
  'author.contacts': 'contacts',
};

const MSK_OFFSET_MS = 3 * 3600_000;
const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

const SUMMARY_MISSING: Record<FormChannel, string> = {
  'book-of-reviews': 'Перепишите текст записи',
  hotline: 'Кратко опишите звонок',
  'written-appeal': 'Перепишите текст записи',
  'social-poll': 'Кратко опишите итоги опроса',
  'open-resource': 'Перепишите текст отзыва',
};

/** What the hub's z.url() takes, checked here first so the clerk sees it beside the field. */
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

export type DraftCheck = { ok: true; body: NewEntryBody } | { ok: false; errors: Partial<Record<keyof EntryDraft, string>> };

export function checkDraft(d: EntryDraft, today: string): DraftCheck {
  const errors: Partial<Record<keyof EntryDraft, string>> = {};
  if (!d.officeId) errors.officeId = 'Выберите отдел';
  if (d.summary.trim() === '') errors.summary = SUMMARY_MISSING[d.channel];
  if (isWebChannel(d.channel)) {
    if (d.link.trim() === '') errors.link = 'Вставьте ссылку на публикацию';
    else if (!isWebLink(d.link.trim())) errors.link = 'Ссылка должна начинаться с https:// или http://';
    if (d.platform.trim() === '') errors.platform = 'Укажите площадку (ВКонтакте, Одноклассники, Яндекс Карты…)';
  }
  if (d.channel === 'social-poll' && d.question.trim() === '') errors.question = 'Перепишите вопрос опроса';
  if (d.channel === 'social-poll' && d.results.trim() === '') errors.results = 'Перепишите результаты опроса (варианты и число голосов)';
  let receivedOn = d.receivedOn;
  let calledAt: string | null = null;
  if (d.channel === 'hotline') {
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(d.calledAt) ? Date.parse(`${d.calledAt}:00.000Z`) - MSK_OFFSET_MS : Number.NaN;
    if (Number.isNaN(ms)) errors.calledAt = d.calledAt ? 'Укажите дату как ДД.ММ.ГГГГ и время как ЧЧ:ММ' : 'Укажите дату и время звонка';
    else {
      calledAt = new Date(ms).toISOString();
      receivedOn = d.calledAt.slice(0, 10);
      if (receivedOn > today) errors.calledAt = 'Звонок не может быть позже сегодняшнего дня';
    }
  } else {
    const problem = dateProblem(d.receivedOn, { required: true, max: today, today });
    if (problem) errors.receivedOn = problem;
  }
  if (d.channel === 'book-of-reviews' && d.leftAddress && d.address.trim() === '') errors.address = 'Перепишите адрес, который оставил автор';
  if (d.channel === 'hotline' && d.callbackDue && d.contacts.trim() === '') errors.contacts = 'Укажите, куда перезвонить';
  if (d.channel === 'written-appeal' && d.name.trim() === '') errors.name = 'Укажите автора обращения';
  if (d.channel === 'written-appeal' && d.address.trim() === '' && d.contacts.trim() === '') errors.address = 'Укажите адрес для ответа (почтовый или электронный)';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const details = detailsOf(d, calledAt);
  // A poll or a public review has no author's data to keep: the nickname is in the link.
  const author = isWebChannel(d.channel)
    ? { name: null, address: null, contacts: null }
    : { name: orNull(d.name), address: d.channel === 'hotline' || (d.channel === 'book-of-reviews' && !d.leftAddress) ? null : orNull(d.address), contacts: orNull(d.contacts) };
  const hasAuthor = author.name !== null || author.address !== null || author.contacts !== null;
  // A public review is owed an answer where the platform allows one; that is the press service's call, not a term.
  const answerOwed = d.channel === 'written-appeal' ? true : d.channel === 'hotline' ? d.callbackDue : d.channel === 'book-of-reviews' ? d.leftAddress : false;
  return {
    ok: true,
    body: { officeId: d.officeId, receivedOn, details, summary: d.summary.trim(), tone: d.tone, topics: d.topic ? [d.topic] : [], author: hasAuthor ? author : null, answerOwed },
  };
}

function detailsOf(d: EntryDraft, calledAt: string | null): NewEntryBody['details'] {
  switch (d.channel) {
    case 'hotline':
      return { channel: 'hotline', calledAt: calledAt!, callbackDue: d.callbackDue };
    case 'written-appeal':
      return { channel: 'written-appeal', incomingNumber: orNull(d.incomingNumber) };
    case 'social-poll':
      return { channel: 'social-poll', link: d.link.trim(), platform: d.platform.trim(), question: d.question.trim(), results: d.results.trim() };
    case 'open-resource':
      return { channel: 'open-resource', link: d.link.trim(), platform: d.platform.trim() };
    case 'book-of-reviews':
      return { channel: 'book-of-reviews' };
  }
}
