import type { HubConfig } from '../config.ts';
import { reportsDirOf } from '../reports/archive-run.ts';

/**
 * What an administrator can tidy on a hub whose data folder runs out of room, named in the log,
 * on /health, on the board and in the mail. Presses and survey answers are never among it: they
 * are what the system is for, and the hub deletes none of them to make room.
 */
export function hubStorageAdvice(config: Pick<HubConfig, 'dataDir' | 'heartbeatRetentionDays'>): string {
  return [
    `Освободить место в ${config.dataDir}: старые записи пульса устройств (хранятся ${config.heartbeatRetentionDays} дн., HEARTBEAT_RETENTION_DAYS),`,
    `архив отчётов (${reportsDirOf(config.dataDir)}: старые можно перенести),`,
    'резервные копии базы (файлы *.sqlite с датой в имени), если их кладут в папку данных: их место на другом диске.',
    'Нажатия и ответы анкет не удаляются.',
  ].join(' ');
}
