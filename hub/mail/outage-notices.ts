import type { Logger } from '../../shared/logger.ts';
import type { Db } from '../db/open.ts';
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
  /** Records the alert, or forgets it after the all-clear: called only after the mail was taken. */
  sent(): void;
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
   * The round's mails, in the order to send them. Reads and decides synchronously against the
   * database, but may first await what is read elsewhere (the board's records, which on a central
   * may be in PostgreSQL).
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
      notice.sent();
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
 * A table of what was mailed (one row per outage still down, with `alerted_at`), as each kind of
 * outage keeps it: the rows by key, oldest first; record one once its alert was taken; forget one.
 * Table and column names are this program's constants, never input.
 */
export function noticeTable<Row extends { alerted_at: number }>(db: Db, table: string, key: keyof Row & string, columns: readonly (keyof Row & string)[]) {
  const all = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY alerted_at, ${key}`);
  const insert = db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`);
  return {
    all: (): Map<string, Row> => new Map((all.all() as Row[]).map((row) => [String(row[key]), row])),
    alerted: (row: Row): void => void insert.run(...columns.map((column) => row[column])),
    clear: (keyValue: string): void => void remove.run(keyValue),
  };
}
