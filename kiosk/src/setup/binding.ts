import type { KioskConfig, KioskSurvey } from '../../../shared/protocol/kiosk-config.ts';
import type { PinHash } from '../pin/pin-hash.ts';
import { KIOSK_CONFIG_PATH } from '../../../shared/protocol/wire.ts';

/**
 * The kiosk's registration, made once by a technician on the setup screen and kept in IndexedDB:
 * the device key, what the hub said about the kiosk (office, services), and the staff PIN's hash.
 */
export interface KioskBinding {
  token: string;
  config: KioskConfig;
  pin: PinHash;
  boundAt: number;
  /** When the config was last refreshed from the hub (the service list changes). */
  configAt: number;
}

export type ConfigFetch = { ok: true; config: KioskConfig } | { ok: false; reason: 'unauthorized' | 'not-a-kiosk' | 'unreachable' | 'bad-answer' };

export async function fetchKioskConfig(token: string, timeoutMs: number): Promise<ConfigFetch> {
  let res: Response;
  let json: unknown;
  try {
    res = await fetch(KIOSK_CONFIG_PATH, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 401) return { ok: false, reason: 'unauthorized' };
    if (res.status === 403) return { ok: false, reason: 'not-a-kiosk' };
    if (!res.ok) return { ok: false, reason: 'unreachable' };
    json = await res.json();
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  const config = readKioskConfig(json);
  return config ? { ok: true, config } : { ok: false, reason: 'bad-answer' };
}

/** Hand-checked reading of the hub's answer (no zod in the bundle); null if it is not a config. */
export function readKioskConfig(json: unknown): KioskConfig | null {
  if (!isObject(json) || !isObject(json.office) || !Array.isArray(json.services)) return null;
  const { deviceId, office, services, idleSeconds } = json;
  if (typeof deviceId !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(deviceId)) return null;
  if (typeof office.id !== 'string' || !/^[a-z][a-z0-9-]{1,39}$/.test(office.id) || typeof office.name !== 'string') return null;
  if (!(office.address === null || typeof office.address === 'string')) return null;
  if (typeof idleSeconds !== 'number' || !(idleSeconds >= 5 && idleSeconds <= 3600)) return null;
  const list = services.filter((s): s is { id: string; name: string } => isObject(s) && typeof s.id === 'string' && /^[a-z0-9-]{1,64}$/.test(s.id) && typeof s.name === 'string');
  return {
    deviceId,
    office: { id: office.id, name: office.name, address: office.address },
    services: list.map((s) => ({ id: s.id, name: s.name })),
    idleSeconds,
    surveys: Array.isArray(json.surveys) ? json.surveys.filter(isKioskSurvey) : [],
  };
}

/** The hub validated the definitions; here only enough to render without throwing (the phone's office info reads them too). */
export function isKioskSurvey(value: unknown): value is KioskSurvey {
  if (!isObject(value) || typeof value.surveyId !== 'string' || typeof value.version !== 'number' || !isObject(value.definition)) return false;
  const { meta, questions } = value.definition;
  return isObject(meta) && typeof meta.title === 'string' && Array.isArray(questions) && questions.length > 0 && questions.every((q) => isObject(q) && typeof q.id === 'string' && typeof q.type === 'string' && typeof q.text === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
