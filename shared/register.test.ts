import { describe, expect, it } from 'vitest';
import { newRecordId } from './ids.ts';
import { registerEventSchema, stepProblem, type RegisterEvent } from './register.ts';

const at = '2026-03-02T07:00:00.000Z';
function opened(channel: 'written-appeal' | 'book-of-reviews'): RegisterEvent {
  const id = newRecordId();
  return registerEventSchema.parse({
    id,
    entryId: id,
    officeId: 'sharya',
    bornAt: at,
    by: 'ivanova',
    step: 'opened',
    receivedOn: '2026-03-02',
    details: channel === 'written-appeal' ? { channel, incomingNumber: null } : { channel },
    summary: '  Долго ждал приёма  ',
    tone: 'negative',
    topics: ['queue'],
    author: { name: 'Петров П. П.', address: 'г. Шарья, ул. Ленина, 1', contacts: null },
    answerOwed: true,
  });
}
const step = (entry: RegisterEvent, fields: Record<string, unknown>): RegisterEvent =>
  registerEventSchema.parse({ id: newRecordId(), entryId: entry.entryId, officeId: 'sharya', bornAt: at, by: 'ivanova', ...fields });

describe('register events', () => {
  it('validates and trims an opened entry; a wrong date or channel detail names its field', () => {
    const e = opened('book-of-reviews');
    expect(e.step === 'opened' && e.summary).toBe('Долго ждал приёма');
    const bad = registerEventSchema.safeParse({ ...e, receivedOn: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['receivedOn']);
    expect(registerEventSchema.safeParse({ ...e, details: { channel: 'hotline' } }).success).toBe(false);
  });

  it('follows the 59-ФЗ steps: registration once, one extension, nothing after closing', () => {
    const e = opened('written-appeal');
    const reg = step(e, { step: 'registered', registeredOn: '2026-03-03', number: 'Вх-15' });
    expect(stepProblem([e], reg)).toBeNull();
    const ext = step(e, { step: 'extended', decidedOn: '2026-03-20', days: 20, noticeSentOn: '2026-03-20' });
    expect(stepProblem([e], ext)).toBe('сначала регистрация обращения');
    expect(stepProblem([e, reg], ext)).toBeNull();
    expect(stepProblem([e, reg, ext], step(e, { step: 'extended', decidedOn: '2026-03-21', days: 5, noticeSentOn: '2026-03-21' }))).toMatch(/только один раз/);
    expect(stepProblem([e, reg], step(e, { step: 'registered', registeredOn: '2026-03-04', number: 'Вх-16' }))).toBe('обращение уже зарегистрировано');
    const closed = step(e, { step: 'closed' });
    expect(stepProblem([e, reg, closed], step(e, { step: 'measures', text: 'Проведена беседа' }))).toBe('запись закрыта');
  });

  it('keeps appeal-only steps off other channels and refuses a registration before receipt', () => {
    const book = opened('book-of-reviews');
    expect(stepProblem([book], step(book, { step: 'registered', registeredOn: '2026-03-03', number: '1' }))).toMatch(/только для письменных/);
    expect(stepProblem([book], step(book, { step: 'measures', text: 'Проведена беседа' }))).toBeNull();
    const appeal = opened('written-appeal');
    expect(stepProblem([appeal], step(appeal, { step: 'registered', registeredOn: '2026-03-01', number: '1' }))).toMatch(/раньше поступления/);
  });

  it('an extension over 30 days is refused by the schema', () => {
    const e = opened('written-appeal');
    expect(registerEventSchema.safeParse({ id: newRecordId(), entryId: e.entryId, officeId: 'sharya', bornAt: at, by: 'x', step: 'extended', decidedOn: '2026-03-20', days: 31, noticeSentOn: '2026-03-20' }).success).toBe(false);
  });
});
