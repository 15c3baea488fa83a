import type { NewEntryBody } from '../../../../shared/api/register.ts';

/**
 * A new register entry as the form holds it, one shape for every channel, and its translation
 * into the API's body with the Russian message for each empty or impossible field (checked here
 * first so the clerk sees it at once; the hub checks the same again).
 */
export type FormChannel = 'book-of-reviews' | 'hotline' | 'written-appeal';

export interface EntryDraft {
  channel: FormChannel;
  officeId: string;
  /** YYYY-MM-DD: the day written in the book, the day the appeal was received. */
  receivedOn: string;
  /** datetime-local, Moscow time: when the call came (hotline). */
  calledAt: string;
  incomingNumber: string;
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
  summary: 'summary',
  tone: 'tone',
  'author.name': 'name',
  'author.address': 'address',
  'author.contacts': 'contacts',
};

const MSK_OFFSET_MS = 3 * 3600_000;
const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export type DraftCheck = { ok: true; body: NewEntryBody } | { ok: false; errors: Partial<Record<keyof EntryDraft, string>> };

export function checkDraft(d: EntryDraft, today: string): DraftCheck {
  const errors: Partial<Record<keyof EntryDraft, string>> = {};
  if (!d.officeId) errors.officeId = 'Выберите отдел';
  if (d.summary.trim() === '') errors.summary = d.channel === 'hotline' ? 'Кратко опишите звонок' : 'Перепишите текст записи';
  let receivedOn = d.receivedOn;
  let calledAt: string | null = null;
  if (d.channel === 'hotline') {
    const ms = Date.parse(`${d.calledAt}:00.000Z`) - MSK_OFFSET_MS;
    if (!d.calledAt || Number.isNaN(ms)) errors.calledAt = 'Укажите дату и время звонка';
    else {
      calledAt = new Date(ms).toISOString();
      receivedOn = d.calledAt.slice(0, 10);
      if (receivedOn > today) errors.calledAt = 'Звонок не может быть позже сегодняшнего дня';
    }
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(d.receivedOn)) errors.receivedOn = 'Укажите дату';
  else if (d.receivedOn > today) errors.receivedOn = 'Дата не может быть позже сегодняшней';
  if (d.channel === 'book-of-reviews' && d.leftAddress && d.address.trim() === '') errors.address = 'Перепишите адрес, который оставил автор';
  if (d.channel === 'hotline' && d.callbackDue && d.contacts.trim() === '') errors.contacts = 'Укажите, куда перезвонить';
  if (d.channel === 'written-appeal' && d.name.trim() === '') errors.name = 'Укажите автора обращения';
  if (d.channel === 'written-appeal' && d.address.trim() === '' && d.contacts.trim() === '') errors.address = 'Укажите адрес для ответа (почтовый или электронный)';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const details: NewEntryBody['details'] =
    d.channel === 'hotline'
      ? { channel: 'hotline', calledAt: calledAt!, callbackDue: d.callbackDue }
      : d.channel === 'written-appeal'
        ? { channel: 'written-appeal', incomingNumber: orNull(d.incomingNumber) }
        : { channel: 'book-of-reviews' };
  const author = { name: orNull(d.name), address: d.channel === 'hotline' || (d.channel === 'book-of-reviews' && !d.leftAddress) ? null : orNull(d.address), contacts: orNull(d.contacts) };
  const hasAuthor = author.name !== null || author.address !== null || author.contacts !== null;
  const answerOwed = d.channel === 'written-appeal' ? true : d.channel === 'hotline' ? d.callbackDue : d.leftAddress;
  return {
    ok: true,
    body: { officeId: d.officeId, receivedOn, details, summary: d.summary.trim(), tone: d.tone, topics: d.topic ? [d.topic] : [], author: hasAuthor ? author : null, answerOwed },
  };
}
