import { describe, expect, it } from 'vitest';
import { newRecordId } from './ids.ts';
import { registerEventSchema, type RegisterEvent } from './register.ts';
import { foldEntry, openDueState, possibleSteps } from './register-fold.ts';
import { LAW_ONLY_CALENDAR } from './work-calendar.ts';

let tick = 0;
const bornAt = () => new Date(Date.parse('2026-03-02T07:00:00.000Z') + tick++ * 60_000).toISOString();
function opened(channel: 'written-appeal' | 'book-of-reviews' | 'hotline', answerOwed = true): RegisterEvent {
  const id = newRecordId();
  const details = channel === 'written-appeal' ? { channel, incomingNumber: null } : channel === 'hotline' ? { channel, calledAt: bornAt(), callbackDue: true } : { channel };
  return registerEventSchema.parse({ id, entryId: id, officeId: 'sharya', bornAt: bornAt(), by: 'clerk', step: 'opened', receivedOn: '2026-03-02', details, summary: 'Текст', tone: 'negative', topics: [], author: { name: 'Петров', address: null, contacts: null }, answerOwed });
}
const step = (entry: RegisterEvent, fields: Record<string, unknown>): RegisterEvent =>
  registerEventSchema.parse({ id: newRecordId(), entryId: entry.entryId, officeId: 'sharya', bornAt: bornAt(), by: 'cx', ...fields });
const fold = (events: RegisterEvent[]) => foldEntry(events, LAW_ONLY_CALENDAR)!;

describe('the fold of an entry', () => {
  it('is null until the entry is opened, and never carries the author', () => {
    const entry = opened('written-appeal');
    expect(foldEntry([step(entry, { step: 'measures', text: 'x' })], LAW_ONLY_CALENDAR)).toBeNull();
    const view = fold([entry]);
    expect(view.hasAuthor).toBe(true);
    expect(JSON.stringify(view)).not.toContain('Петров');
  });

  it('a written appeal: register, then answer; a redirection ends the answer term instead', () => {
    const entry = opened('written-appeal');
    const registered = step(entry, { step: 'registered', registeredOn: '2026-03-04', number: '1' });
    expect(fold([entry]).openDue).toEqual({ what: 'register', due: '2026-03-05', doneOn: null });
    expect(possibleSteps(fold([entry]))).toEqual(['registered', 'measures', 'answered', 'reclassified', 'closed']);
    const afterRegistration = fold([entry, registered]);
    expect(afterRegistration.openDue).toEqual({ what: 'answer', due: '2026-04-03', doneOn: null });
    expect(possibleSteps(afterRegistration)).toEqual(['redirected', 'extended', 'measures', 'answered', 'reclassified', 'closed']);
    const redirected = fold([entry, registered, step(entry, { step: 'redirected', on: '2026-03-10', to: 'Прокуратура' })]);
    expect(redirected.status).toBe('redirected');
    expect(redirected.dues.map((d) => [d.what, d.due, d.doneOn])).toEqual([
      ['register', '2026-03-05', '2026-03-04'],
      ['redirect', '2026-03-11', '2026-03-10'],
    ]);
    expect(redirected.openDue).toBeNull();
    const extended = fold([entry, registered, step(entry, { step: 'extended', decidedOn: '2026-03-20', days: 30, noticeSentOn: '2026-03-20' })]);
    expect(extended.openDue?.due).toBe('2026-05-04'); // 3 April + 30 = 3 May, a Sunday → Monday 4 May
  });

  it('a book entry owes an answer in five days only where an address was left; states by the day', () => {
    const owed = fold([opened('book-of-reviews')]);
    expect(owed.openDue).toEqual({ what: 'book-answer', due: '2026-03-10', doneOn: null });
    expect(openDueState(owed, '2026-03-02', LAW_ONLY_CALENDAR)).toBe('open');
    expect(openDueState(owed, '2026-03-06', LAW_ONLY_CALENDAR)).toBe('soon');
    expect(openDueState(owed, '2026-03-11', LAW_ONLY_CALENDAR)).toBe('overdue');
    expect(fold([opened('book-of-reviews', false)]).dues).toEqual([]);
    expect(fold([opened('hotline')]).dues).toEqual([]);
  });

  it('closing ends the steps; a step after it is kept in the history and changes nothing', () => {
    const entry = opened('book-of-reviews');
    const view = fold([entry, step(entry, { step: 'closed' }), step(entry, { step: 'measures', text: 'поздно' })]);
    expect(view.status).toBe('closed');
    expect(view.measures).toEqual([]);
    expect(view.history.at(-1)?.problem).toBe('запись закрыта');
    expect(possibleSteps(view)).toEqual([]);
    expect(view.openDue).toBeNull();
  });
});
