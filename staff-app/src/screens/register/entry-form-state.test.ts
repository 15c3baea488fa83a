import { describe, expect, it } from 'vitest';
import { newEntryBodySchema } from '../../../../shared/api/register.ts';
import { checkDraft, emptyDraft, type EntryDraft } from './entry-form-state.ts';

const TODAY = '2026-03-02';
const draft = (fields: Partial<EntryDraft>): EntryDraft => ({ ...emptyDraft('sharya', TODAY), ...fields });

describe('the new entry form: social-network polls and open resources', () => {
  it('names each missing field of a poll in Russian', () => {
    const checked = checkDraft(draft({ channel: 'social-poll' }), TODAY);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      summary: 'Кратко опишите итоги опроса',
      link: 'Вставьте ссылку на публикацию',
      platform: 'Укажите площадку (ВКонтакте, Одноклассники, Яндекс Карты…)',
      question: 'Перепишите вопрос опроса',
      results: 'Перепишите результаты опроса (варианты и число голосов)',
    });
  });

  it('refuses a link that is not a web address, and a date in the future', () => {
    const checked = checkDraft(draft({ channel: 'open-resource', link: 'vk.com/wall', platform: 'ВКонтакте', summary: 'Отзыв', receivedOn: '2026-03-03' }), TODAY);
    expect(checked).toEqual({ ok: false, errors: { link: 'Ссылка должна начинаться с https:// или http://', receivedOn: 'Дата не может быть позже сегодняшней' } });
  });

  it('makes a body the hub accepts, with no author and no answer owed', () => {
    const poll = checkDraft(draft({ channel: 'social-poll', link: ' https://vk.com/wall-1_5 ', platform: 'ВКонтакте', question: 'Удобен ли график?', results: 'да — 40\nнет — 12', summary: 'Довольны', tone: 'positive', name: 'осталось от другого канала' }), TODAY);
    expect(poll.ok).toBe(true);
    if (!poll.ok) return;
    expect(poll.body).toMatchObject({ details: { channel: 'social-poll', link: 'https://vk.com/wall-1_5', platform: 'ВКонтакте', question: 'Удобен ли график?', results: 'да — 40\nнет — 12' }, author: null, answerOwed: false });
    expect(newEntryBodySchema.safeParse(poll.body).success).toBe(true);
    const review = checkDraft(draft({ channel: 'open-resource', link: 'https://2gis.ru/kostroma/firm/1', platform: '2ГИС', summary: 'Долго ждал' }), TODAY);
    expect(review.ok && review.body.details).toEqual({ channel: 'open-resource', link: 'https://2gis.ru/kostroma/firm/1', platform: '2ГИС' });
    expect(review.ok && newEntryBodySchema.safeParse(review.body).success).toBe(true);
  });
});
