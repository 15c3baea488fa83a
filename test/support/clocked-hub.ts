import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readHubConfig } from '../../hub/config.ts';
import { createMailer, type Mailer } from '../../hub/mail/mailer.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { silentLogger } from './test-records.ts';

/** A real hub (temporary DATA_DIR, a free port) whose clock the test sets: `clock` is read at every use. */
export async function startClockedHub(env: Record<string, string>, clock: () => number, dirPrefix: string): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), dirPrefix)), PORT: '0', ...env });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger: silentLogger, clock });
}

/** A mailer to the test SMTP server on 127.0.0.1 at `port` (test/support/smtp-inbox.ts). */
export const mailerTo = (port: number): Mailer => createMailer({ host: '127.0.0.1', port, secure: false, user: null, pass: null, from: 'hub@czn.example' });
