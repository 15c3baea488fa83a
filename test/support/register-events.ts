import { registerEventSchema, type RegisterEvent } from '../../shared/register.ts';

/** A written appeal opened in Шарья by a clerk: the register tests' usual first event, validated by the shared schema. */
export function openedEvent(id: string, bornAt: string, fields: Record<string, unknown> = {}): RegisterEvent {
  return registerEventSchema.parse({
    id,
    entryId: id,
    officeId: 'sharya',
    bornAt,
    by: 'clerk',
    step: 'opened',
    receivedOn: '2026-03-02',
    details: { channel: 'written-appeal', incomingNumber: null },
    summary: 'Прошу разъяснить',
    tone: 'neutral',
    topics: [],
    author: { name: 'Петров', address: 'Шарья', contacts: null },
    answerOwed: true,
    ...fields,
  });
}

/** A later step of `entry`, taken by the CX sector. */
export const stepEvent = (id: string, entry: RegisterEvent, bornAt: string, fields: Record<string, unknown>): RegisterEvent =>
  registerEventSchema.parse({ id, entryId: entry.entryId, officeId: entry.officeId, bornAt, by: 'cx', ...fields });
