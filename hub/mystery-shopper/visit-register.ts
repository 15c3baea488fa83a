import { newRecordId } from '../../shared/ids.ts';
import { toneOfScore } from '../../shared/mystery-shopper-words.ts';
import type { RegisterEvent } from '../../shared/register.ts';
import { toInstant } from '../../shared/time.ts';
import type { RegisterDb } from '../db/register-rows.ts';
import type { RegisterStore } from '../register/register-store.ts';

/**
 * A visit in the one register (issue 18): its first save opens an entry of the channel «Тайный
 * клиент» for the office visited, so the office head records measures and closes it through the
 * register's own steps. The entry says the visit's day, template, score and the analyst's
 * conclusions (never the shopper's pseudonym); its tone follows the score (toneOfScore: under 80 %
 * negative, 95 % and over positive), and is reclassified when an edit moves the score across a
 * bound. The summary stays as first written: the visit's page holds the current text.
 */
export interface VisitSummary {
  visitId: string;
  officeId: string;
  visitedOn: string;
  visitedTime: string | null;
  templateName: string;
  templateVersion: number;
  score: number;
  conclusions: string;
  proposals: string;
}

const dotted = (day: string): string => day.split('-').reverse().join('.');
const percent = (score: number): string => score.toFixed(1).replace('.', ',');

export function visitEntrySummary(v: VisitSummary): string {
  const when = `${dotted(v.visitedOn)}${v.visitedTime ? `, ${v.visitedTime}` : ''}`;
  const parts = [`Тайный клиент: визит ${when}, анкета «${v.templateName}» (версия ${v.templateVersion}). Оценка ${percent(v.score)} %.`, `Выводы: ${v.conclusions}`];
  if (v.proposals) parts.push(`Предложения: ${v.proposals}`);
  return parts.join('\n').slice(0, 4000);
}

/** Opens the visit's entry (`id`: the entry's, which the visit names); run inside the visit's transaction. Throws when the register refuses (nothing is then saved). */
export async function openVisitEntry(store: RegisterStore, trx: RegisterDb, v: VisitSummary, by: string, now: number, id: string = newRecordId()): Promise<string> {
  const event: RegisterEvent = {
    id,
    entryId: id,
    officeId: v.officeId,
    bornAt: toInstant(now),
    by,
    step: 'opened',
    receivedOn: v.visitedOn,
    details: { channel: 'mystery-shopper', visitId: v.visitId },
    summary: visitEntrySummary(v),
    tone: toneOfScore(v.score),
    topics: [],
    author: null,
    answerOwed: false,
  };
  const stored = await store.append(event, now, trx);
  if (!stored.ok) throw new Error(`register refused the visit's entry: ${stored.reason}`);
  return id;
}

/** After an edit: the entry's tone follows the new score, unless the entry is closed (then the history stands). */
export async function retoneVisitEntry(store: RegisterStore, trx: RegisterDb, entryId: string, score: number, by: string, now: number): Promise<void> {
  const entry = await store.entry(entryId, trx);
  const tone = toneOfScore(score);
  if (!entry || entry.tone === tone || entry.status === 'closed') return;
  const id = newRecordId();
  const stored = await store.append({ id, entryId, officeId: entry.officeId, bornAt: toInstant(now), by, step: 'reclassified', tone, topics: entry.topics }, now, trx);
  if (!stored.ok) throw new Error(`register refused the visit's new tone: ${stored.reason}`);
}
