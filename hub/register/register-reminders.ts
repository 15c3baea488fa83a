import type { Logger } from '../../shared/logger.ts';
import type { DueKind, RegisterEntryView } from '../../shared/register-fold.ts';
import { DUE_LABEL } from '../../shared/register-words.ts';
import { REGISTER_CHANNEL_LABEL } from '../../shared/register-words.ts';
import type { RegisterChannel } from '../../shared/register.ts';
import type { HubContext } from '../context.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { OfficeRow } from '../db/offices.ts';
import { startPeriodic } from '../live/periodic.ts';
import { createMailer, sendFailureText, type Mailer } from '../mail/mailer.ts';
import { dayText } from './register-export.ts';
import { moscowDay } from '../../shared/periods.ts';

/**
 * Central: the register's due dates by e-mail (issue 18, docs/register.md). Two working days
 * before a due date (the entry's reminder day, register_entry.remind_on) and on the day it is
 * missed, the responsible person gets one mail each: REGISTER_REMINDER_RECIPIENTS, either for
 * every office (the CX sector) or for one (its head). What was mailed is kept in
 * register_reminder once the mail server took it, so a restart repeats nothing and a failed send
 * is tried again at the next check. An extension moves the date: the new date is reminded anew.
 *
 * Only the central reminds: it holds every office's entries, and two hubs reminding of one
 * entry would mail twice. An entry typed on an office hub that is offline is reminded when it
 * arrives (late, if the office stays offline past the reminder day).
 */
export type ReminderKind = 'before' | 'missed';

export interface PlannedReminder {
  entryId: string;
  officeId: string;
  what: DueKind;
  dueOn: string;
  kind: ReminderKind;
  to: string[];
  subject: string;
  text: string;
}

interface DueRow {
  id: string;
  office_id: string;
  channel: RegisterChannel;
  received_on: string;
  due_on: string;
  what: DueKind;
  summary: string;
}

/** `a@b` for every office, `office:a@b` for one. */
export function recipientsFor(list: readonly string[], officeId: string): string[] {
  const to: string[] = [];
  for (const entry of list) {
    const colon = entry.indexOf(':');
    if (colon < 0) to.push(entry);
    else if (entry.slice(0, colon) === officeId) to.push(entry.slice(colon + 1));
  }
  return [...new Set(to)];
}

/**
 * The reminders due on `today` and not yet mailed, oldest due date first. Pure reads: nothing is
 * written. The entries come from the register (register_entry), what was mailed from
 * register_reminder, both through CentralSql (the hub's SQLite or the central's PostgreSQL); the
 * «not yet mailed» of the former NOT EXISTS is checked here against the entries' reminders. The
 * offices' names from `directory`, as the caller holds it (ctx.offices.list()).
 */
export async function planReminders(sql: CentralSql, directory: readonly OfficeRow[], today: string, recipients: readonly string[], baseUrl: string | null): Promise<PlannedReminder[]> {
  const entries = await sql.db
    .selectFrom('register_entry')
    .select(['id', 'office_id', 'channel', 'received_on', 'due_on', 'view'])
    .where('due_on', 'is not', null)
    .where('remind_on', '<=', today)
    .orderBy('due_on')
    .orderBy('id')
    .execute();
  const due: DueRow[] = entries.map((e) => {
    const view = JSON.parse(e.view) as RegisterEntryView;
    return { id: e.id, office_id: e.office_id, channel: e.channel as RegisterChannel, received_on: e.received_on, due_on: e.due_on!, what: view.openDue!.what, summary: view.summary };
  });
  const mailed = await mailedReminders(sql, due.map((row) => row.id));
  const kindOn = (row: DueRow): ReminderKind => (row.due_on < today ? 'missed' : 'before');
  const rows = due.filter((row) => !mailed.has(reminderKey(row.id, row.what, row.due_on, kindOn(row))));
  const names = new Map(directory.map((o) => [o.id, o.name]));
  const link = (id: string): string => (baseUrl ? `${baseUrl.replace(/\/+$/, '')}/register/${id}` : `страница /register/${id} центрального сборщика`);
  return rows.flatMap((row) => {
    const to = recipientsFor(recipients, row.office_id);
    if (to.length === 0) return [];
    const kind = kindOn(row);
    const office = names.get(row.office_id) ?? row.office_id;
    const head = kind === 'missed' ? 'Просрочен срок' : 'Скоро срок';
    const summary = row.summary.length > 300 ? `${row.summary.slice(0, 299)}…` : row.summary;
    return [
      {
        entryId: row.id,
        officeId: row.office_id,
        what: row.what,
        dueOn: row.due_on,
        kind,
        to,
        subject: `${head}: ${DUE_LABEL[row.what]}, до ${dayText(row.due_on)} (${office})`,
        text: [
          kind === 'missed'
            ? `Срок «${DUE_LABEL[row.what]}» истёк ${dayText(row.due_on)}, а шаг не записан в реестре.`
            : `Срок «${DUE_LABEL[row.what]}» истекает ${dayText(row.due_on)}: осталось два рабочих дня.`,
          `Запись: ${REGISTER_CHANNEL_LABEL[row.channel]}, отдел «${office}», поступило ${dayText(row.received_on)}.`,
          `Содержание: ${summary}`,
          '',
          `Открыть запись: ${link(row.id)}`,
          kind === 'before' ? 'Если срок будет пропущен, в день после него придёт ещё одно письмо.' : 'Других напоминаний по этому сроку не будет.',
        ].join('\n'),
      },
    ];
  });
}

const reminderKey = (entryId: string, what: string | null, dueOn: string, kind: ReminderKind): string => JSON.stringify([entryId, what, dueOn, kind]);

/** The reminders already mailed for these entries, as reminderKey; the ids asked for in chunks (SQLite's and PostgreSQL's limits on parameters). */
async function mailedReminders(sql: CentralSql, entryIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  const unique = [...new Set(entryIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await sql.db
      .selectFrom('register_reminder')
      .select(['entry_id', 'what', 'due_on', 'kind'])
      .where('entry_id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) keys.add(reminderKey(r.entry_id, r.what, r.due_on, r.kind));
  }
  return keys;
}

/** Remembers a reminder the mail server took; the same one again is harmless. */
export async function rememberReminder(sql: CentralSql, reminder: { entryId: string; what: string; dueOn: string; kind: ReminderKind }, sentAt: number): Promise<void> {
  await sql.db
    .insertInto('register_reminder')
    .values({ entry_id: reminder.entryId, what: reminder.what, due_on: reminder.dueOn, kind: reminder.kind, sent_at: sentAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface RegisterReminders {
  /** One check now: the reminders mailed, as `entryId:what:dueOn:kind`. */
  checkNow(): Promise<string[]>;
  stop(): Promise<void>;
}

const EVERY_MS = 15 * 60_000;

export function startRegisterReminders(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer; logger?: Logger } = {}): RegisterReminders | null {
  const { config } = ctx;
  if (config.role !== 'central' || config.registerReminderRecipients.length === 0) return null;
  const maybe = options.mailer ?? (config.smtp ? createMailer(config.smtp) : null);
  if (!maybe) return null;
  const mailer: Mailer = maybe;
  const logger = options.logger ?? ctx.logger;

  async function check(): Promise<string[]> {
    const now = ctx.clock();
    const mailed: string[] = [];
    for (const r of await planReminders(ctx.sql, ctx.offices.list(), moscowDay(now), config.registerReminderRecipients, config.publicBaseUrl)) {
      const sent = await mailer.send({ to: r.to, subject: r.subject, text: r.text });
      if (!sent.ok) {
        logger.warn({ entryId: r.entryId, kind: r.kind, reason: sendFailureText(sent) }, 'register reminder not mailed; will retry');
        continue;
      }
      await rememberReminder(ctx.sql, r, now);
      mailed.push(`${r.entryId}:${r.what}:${r.dueOn}:${r.kind}`);
    }
    if (mailed.length > 0) logger.info({ mailed: mailed.length }, 'register reminders mailed');
    return mailed;
  }

  const periodic = startPeriodic(check, {
    everyMs: options.everyMs ?? EVERY_MS,
    onError: (error) => {
      logger.error({ err: error }, 'register reminder check failed');
      return [];
    },
  });
  return {
    checkNow: periodic.runNow,
    async stop() {
      await periodic.stop();
      if (!options.mailer) mailer.close();
    },
  };
}
