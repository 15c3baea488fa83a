import { readFileSync } from 'node:fs';
import type { HubConfig } from '../config.ts';

/**
 * The office hub's key for the central, from CENTRAL_KEY or the file CENTRAL_KEY_FILE (mode 0600,
 * as systemd's credentials or a secrets manager would leave it). Read once at start; the secret
 * never appears in a message.
 */
export interface CentralKey {
  keyId: string;
  secret: string;
}

export const OFFICE_KEY_SECRET_RE = /^czn_hub_[A-Za-z0-9_-]{43}$/;

export type CentralKeyResult = { ok: true; value: CentralKey } | { ok: false; reason: string };

export function resolveCentralKey(config: Pick<HubConfig, 'centralKeyId' | 'centralKey' | 'centralKeyFile'>): CentralKeyResult {
  if (config.centralKeyId === null) return { ok: false, reason: 'не задан CENTRAL_KEY_ID' };
  let secret = config.centralKey;
  if (secret === null && config.centralKeyFile !== null) {
    try {
      secret = readFileSync(config.centralKeyFile, 'utf8').trim();
    } catch (error) {
      return { ok: false, reason: `файл ключа ${config.centralKeyFile} не прочитан: ${(error as NodeJS.ErrnoException).code ?? 'ошибка'}` };
    }
  }
  if (secret === null) return { ok: false, reason: 'не задан CENTRAL_KEY (или CENTRAL_KEY_FILE)' };
  if (!OFFICE_KEY_SECRET_RE.test(secret.trim())) {
    return { ok: false, reason: 'CENTRAL_KEY не похож на ключ из команды offices add (czn_hub_ и 43 знака); значение не показано' };
  }
  return { ok: true, value: { keyId: config.centralKeyId, secret: secret.trim() } };
}
