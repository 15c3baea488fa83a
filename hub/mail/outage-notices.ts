import type { Logger } from '../../shared/logger.ts';
import type { Kysely, Selectable } from 'kysely';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';
import { startPeriodic } from '../live/periodic.ts';
import { createMailer, sendFailureText, type Mailer, type SmtpSettings } from './mailer.ts';

/**
 * Alert, then all-clear: e-mail people once when something goes down (an office hub silent
 * towards the central, a device or panel without link on an office hub) and once when it is back.
 * Nobody watches a page all day; an e-mail is what gets a technician sent. Each kind of outage
 * plans its round (which mails to send now, from its own table of what was already mailed); this
 * loop sends them, and records a notice only once the mail server took its mail: a mail that fails
 * is planned again at the next check.
 */
export interface OutageNotices {
  /** One check now: the keys that got an alert and those that got an all-clear. */
  checkNow(): Promise<{ alerted: string[]; recovered: string[] }>;
  stop(): Promise<void>;
}

/** One mail of a round. */
export interface NoticeMail {
  kind: 'alert' | 'all-clear';
  /** What the mail is about (office ids, alert keys): reported by checkNow() once sent. */
  keys: string[];
  subject: string;
  text: string;
  /** Records the alert, or forgets it after the all-clear: called (and awaited) only after the mail was taken. */
  sent(): void | Promise<void>;
}

export interface OutageNoticeOptions {
  /** For the log: 'office silence', 'device alert'. */
  what: string;
  recipients: readonly string[];
  smtp: SmtpSettings | null;
  /** A test's mailer; otherwise one is made from `smtp` and closed at stop(). */
  mailer?: Mailer | undefined;
  /** How often to check; a minute unless a test says otherwise. */
  everyMs?: number | undefined;
  logger: Logger;
  /**
   * The round's mails, in the order to send them. Reads its notice table and what it watches
   * (the board's records, an office's link: on a central these may be in PostgreSQL), then decides.
   */
  plan(): NoticeMail[] | Promise<NoticeMail[]>;
}

const EVERY_MS = 60_000;

/** Null when there is nobody to tell or no way to mail them: then nothing runs. */
export function startOutageNotices(options: OutageNoticeOptions): OutageNotices | null {
  const { logger, what } = options;
  if (options.recipients.length === 0) return null;
  const maybe = options.mailer ?? (options.smtp ? createMailer(options.smtp) : null);
  if (!maybe) return null;
  const mailer: Mailer = maybe;

  async function check(): Promise<{ alerted: string[]; recovered: string[] }> {
    const alerted: string[] = [];
    const recovered: string[] = [];
    for (const notice of await options.plan()) {
      const sent = await mailer.send({ to: options.recipients, subject: notice.subject, text: notice.text });
      if (!sent.ok) {
        logger.warn({ keys: notice.keys, reason: sendFailureText(sent) }, `${what} ${notice.kind} not mailed; will retry`);
        continue;
      }
      await notice.sent();
      (notice.kind === 'alert' ? alerted : recovered).push(...notice.keys);
    }
    if (alerted.length > 0 || recovered.length > 0) logger.info({ alerted, recovered }, `${what} notices mailed`);
    return { alerted, recovered };
  }

  const periodic = startPeriodic(check, {
    everyMs: options.everyMs ?? EVERY_MS,
    onError: (error) => {
      logger.error({ err: error }, `${what} check failed`);
      return { alerted: [], recovered: [] };
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

/**
 * The tables of what was mailed (one row per outage still down, with `alerted_at`), as each kind of
 * outage keeps it, and the column that is each row's key. They live where the central's other
 * stores do (hub/sql/central-sql.ts): the hub's SQLite, or the central's PostgreSQL.
 */
export type NoticeTables = Pick<Tables, 'office_silence_notice' | 'device_alert_notice' | 'config_alert_notice'>;
export type NoticeTableName = keyof NoticeTables;
export type NoticeRow<T extends NoticeTableName> = Selectable<NoticeTables[T]>;

const NOTICE_KEYS = {
  office_silence_notice: 'office_id',
  device_alert_notice: 'alert_key',
  config_alert_notice: 'alert_key',
} as const satisfies { [T in NoticeTableName]: keyof NoticeTables[T] & string };

/** The notice tables seen by name: the table and column names come from the constants above, never from input. */
type AnyNoticeTable = Record<string, string | number | null>;

/**
 * A notice table: the rows by key, oldest first; record one once its alert was taken (a row with
 * the same key is replaced); forget one.
 */
export function noticeTable<T extends NoticeTableName>(sql: CentralSql, table: T) {
  const key: string = NOTICE_KEYS[table];
  const name: string = table;
  const db = sql.db as unknown as Kysely<Record<string, AnyNoticeTable>>;
  return {
    async all(): Promise<Map<string, NoticeRow<T>>> {
      const rows = await db.selectFrom(name).selectAll().orderBy('alerted_at').orderBy(key).execute();
      return new Map(rows.map((row) => [String(row[key]), row as unknown as NoticeRow<T>]));
    },
    async alerted(row: NoticeRow<T>): Promise<void> {
      const values = row as unknown as AnyNoticeTable;
      const others = Object.keys(values).filter((column) => column !== key);
      await db
        .insertInto(name)
        .values(values)
        .onConflict((oc) => oc.column(key).doUpdateSet((eb) => Object.fromEntries(others.map((column) => [column, eb.ref(`excluded.${column}`)]))))
        .execute();
    },
    async clear(keyValue: string): Promise<void> {
      await db.deleteFrom(name).where(key, '=', keyValue).execute();
    },
  };
}
