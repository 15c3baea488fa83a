import { bookAnswerDue, deadlineState, reminderDays, writtenAppealDue, type DeadlineState } from './appeal-deadlines.ts';
import { stepProblem, type RegisterChannel, type RegisterEvent, type Tone } from './register.ts';
import type { WorkCalendar } from './work-calendar.ts';

/**
 * An entry of the register as the screens show it: the fold of its events (docs/register.md).
 * Pure: the hubs fold when they store an event, the tests fold by hand.
 *
 * Events are applied in birth order (`bornAt`, then id), the `opened` one first whatever its
 * clock said. An event that may not follow what came before it (stepProblem: two hubs registered
 * the same appeal while apart, a step after closing) is kept in the history with its reason and
 * changes nothing: every event typed is stored, none is silently lost.
 *
 * The author's personal data never enters the fold: the view says only whether there is an author.
 */
export type RegisterStatus = 'new' | 'registered' | 'measures' | 'redirected' | 'answered' | 'closed';


export type DueKind = 'register' | 'redirect' | 'answer' | 'book-answer';

export interface RegisterDue {
  what: DueKind;
  due: string;
  doneOn: string | null;
}


export interface RegisterHistoryItem {
  /** The event as typed, the author's data taken out of an `opened` one. */
  event: RegisterEvent;
  /** Why it changed nothing, or null when it was applied. */
  problem: string | null;
}

export interface RegisterEntryView {
  id: string;
  officeId: string;
  channel: RegisterChannel;
  details: Extract<RegisterEvent, { step: 'opened' }>['details'];
  receivedOn: string;
  openedAt: string;
  openedBy: string;
  summary: string;
  tone: Tone;
  topics: string[];
  answerOwed: boolean;
  /** Whether the author left a name, an address or contacts (the data itself is not here). */
  hasAuthor: boolean;
  registered: { on: string; number: string } | null;
  extension: { days: number; decidedOn: string; noticeSentOn: string } | null;
  redirected: { on: string; to: string } | null;
  measures: { text: string; at: string; by: string }[];
  answered: { on: string; summary: string } | null;
  closedAt: string | null;
  status: RegisterStatus;
  dues: RegisterDue[];
  /** The first due date still open, which the register's «в срок / скоро срок / просрочено» is about. */
  openDue: RegisterDue | null;
  history: RegisterHistoryItem[];
}

type Opened = Extract<RegisterEvent, { step: 'opened' }>;

const byBirth = (a: RegisterEvent, b: RegisterEvent): number => (a.bornAt < b.bornAt ? -1 : a.bornAt > b.bornAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The events of one entry in the order they apply, and which of them apply. */
export function orderEvents(events: readonly RegisterEvent[]): RegisterHistoryItem[] {
  const opened = events.find((e): e is Opened => e.step === 'opened' && e.id === e.entryId);
  if (!opened) return [];
  const rest = events.filter((e) => e !== opened).sort(byBirth);
  const applied: RegisterEvent[] = [opened];
  const items: RegisterHistoryItem[] = [{ event: opened, problem: null }];
  for (const event of rest) {
    const problem = stepProblem(applied, event);
    if (problem === null) applied.push(event);
    items.push({ event, problem });
  }
  return items;
}

/** The entry, or null while its `opened` event has not arrived (its other events wait). */
export function foldEntry(events: readonly RegisterEvent[], calendar: WorkCalendar): RegisterEntryView | null {
  const items = orderEvents(events);
  const first = items[0]?.event;
  if (!first || first.step !== 'opened') return null;
  const view: RegisterEntryView = {
    id: first.id,
    officeId: first.officeId,
    channel: first.details.channel,
    details: first.details,
    receivedOn: first.receivedOn,
    openedAt: first.bornAt,
    openedBy: first.by,
    summary: first.summary,
    tone: first.tone,
    topics: [...first.topics],
    answerOwed: first.answerOwed,
    hasAuthor: first.author !== null && (first.author.name !== null || first.author.address !== null || first.author.contacts !== null),
    registered: null,
    extension: null,
    redirected: null,
    measures: [],
    answered: null,
    closedAt: null,
    status: 'new',
    dues: [],
    openDue: null,
    history: items.map((item) => ({ event: withoutAuthor(item.event), problem: item.problem })),
  };
  for (const { event: e, problem } of items) {
    if (problem !== null) continue;
    switch (e.step) {
      case 'registered':
        view.registered = { on: e.registeredOn, number: e.number };
        break;
      case 'extended':
        view.extension = { days: e.days, decidedOn: e.decidedOn, noticeSentOn: e.noticeSentOn };
        break;
      case 'redirected':
        view.redirected = { on: e.on, to: e.to };
        break;
      case 'measures':
        view.measures.push({ text: e.text, at: e.bornAt, by: e.by });
        break;
      case 'answered':
        view.answered = { on: e.on, summary: e.summary };
        break;
      case 'reclassified':
        view.tone = e.tone;
        view.topics = [...e.topics];
        break;
      case 'closed':
        view.closedAt = e.bornAt;
        break;
      case 'opened':
        break;
    }
  }
  view.status = statusOf(view);
  view.dues = duesOf(view, calendar);
  view.openDue = view.closedAt === null ? (view.dues.find((d) => d.doneOn === null) ?? null) : null;
  return view;
}

function statusOf(v: RegisterEntryView): RegisterStatus {
  if (v.closedAt !== null) return 'closed';
  if (v.answered) return 'answered';
  if (v.redirected) return 'redirected';
  if (v.measures.length > 0) return 'measures';
  if (v.registered) return 'registered';
  return 'new';
}

/**
 * An appeal is either sent on to the competent body or answered: once one is done the other's
 * term no longer applies. Before either, the answer's term is the one tracked (redirection is the
 * exception, and its date is shown beside it on the entry's page).
 */
function duesOf(v: RegisterEntryView, calendar: WorkCalendar): RegisterDue[] {
  if (v.channel === 'book-of-reviews') {
    const due = bookAnswerDue(v.receivedOn, v.answerOwed, calendar);
    return due === null ? [] : [{ what: 'book-answer', due, doneOn: v.answered?.on ?? null }];
  }
  if (v.channel !== 'written-appeal') return [];
  const dates = writtenAppealDue(
    { receivedOn: v.receivedOn, registeredOn: v.registered?.on ?? null, extension: v.extension ? { days: v.extension.days, decidedOn: v.extension.decidedOn } : null },
    calendar,
  );
  // stepProblem has already refused what could make this fail (registration before receipt, …).
  if (!dates.ok) return [];
  const dues: RegisterDue[] = [{ what: 'register', due: dates.value.registerBy, doneOn: v.registered?.on ?? null }];
  if (v.redirected && dates.value.redirectBy) dues.push({ what: 'redirect', due: dates.value.redirectBy, doneOn: v.redirected.on });
  else if (dates.value.answerBy) dues.push({ what: 'answer', due: dates.value.answerBy, doneOn: v.answered?.on ?? null });
  return dues;
}

function withoutAuthor(event: RegisterEvent): RegisterEvent {
  return event.step === 'opened' && event.author !== null ? { ...event, author: null } : event;
}

/** Where the entry's open due date stands on `today`, or null when nothing is due. */
export function openDueState(view: Pick<RegisterEntryView, 'openDue'>, today: string, calendar: WorkCalendar): DeadlineState | null {
  return view.openDue ? deadlineState(view.openDue.due, null, today, calendar) : null;
}

/** The day the open due date turns «скоро срок» (what the register table filters «скоро срок» by). */
export const remindOn = (due: string, calendar: WorkCalendar): string => reminderDays(due, calendar).before;

export { deadlineState };

/** The steps that may follow now (what stepProblem would let through), in the order a page offers them. */
export function possibleSteps(view: RegisterEntryView): Exclude<RegisterEvent['step'], 'opened'>[] {
  if (view.closedAt !== null) return [];
  const steps: Exclude<RegisterEvent['step'], 'opened'>[] = [];
  if (view.channel === 'written-appeal') {
    if (!view.registered) steps.push('registered');
    else {
      if (!view.redirected && !view.answered) steps.push('redirected');
      if (!view.extension && !view.answered && !view.redirected) steps.push('extended');
    }
  }
  steps.push('measures');
  if (!view.answered) steps.push('answered');
  steps.push('reclassified', 'closed');
  return steps;
}

