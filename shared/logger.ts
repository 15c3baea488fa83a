import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One structured logger for every Node process: JSON lines in production (journald keeps them),
 * pretty and coloured when a person watches a terminal.
 */
export function createLogger(name: string, options: { level: string; pretty: boolean }): Logger {
  return pino({
    name,
    level: options.level,
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
