import type { SurveyChannel } from '../../shared/records.ts';

/**
 * How the app was opened, read once from the address. Kiosk mode is the default: the kiosk
 * browser opens /kiosk/ and the office comes from the device's registration. Phone mode is opened
 * from a QR code or an e-mailed link that names the office, the channel, and maybe the desk and
 * the service.
 *
 * The `t.*` parameters shorten the timings for tests and demonstrations; a client who edits them on
 * a phone changes only their own session, and the kiosk browser has no address bar.
 */
export type PhoneChannel = Exclude<SurveyChannel, 'kiosk'>;

export interface Timings {
  idleSeconds: number | null;
  thanksSeconds: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  requestTimeoutMs: number;
  heartbeatSeconds: number;
}

export type Launch =
  | { mode: 'kiosk'; timings: Timings }
  | { mode: 'phone'; officeId: string; channel: PhoneChannel; desk: string | null; serviceId: string | null; token: string | null; timings: Timings }
  | { mode: 'invalid'; reason: LaunchRefusal };

/** Why a link cannot start the survey; LAUNCH_REFUSAL_TEXT says it in Russian on the screen. */
export type LaunchRefusal = 'unknown-mode' | 'no-office' | 'no-channel';

export const LAUNCH_REFUSAL_TEXT: Record<LaunchRefusal, string> = {
  'unknown-mode': 'неизвестный режим',
  'no-office': 'в ссылке нет отдела',
  'no-channel': 'в ссылке не указан способ опроса',
};

export const DEFAULT_TIMINGS: Timings = {
  // null: take the hub's setting (kiosk) or the phone default.
  idleSeconds: null,
  thanksSeconds: 8,
  backoffBaseMs: 1000,
  backoffCapMs: 60_000,
  requestTimeoutMs: 15_000,
  heartbeatSeconds: 60,
};

const PHONE_CHANNELS: readonly PhoneChannel[] = ['qr-poster', 'visit-qr', 'email-link'];
const OFFICE_RE = /^[a-z][a-z0-9-]{1,39}$/;
const SERVICE_RE = /^[a-z0-9-]{1,64}$/;
// The per-visit invitation: its short code (hub/invitations/short-code.ts) or the signed token itself
// (hub/invitations/token.ts); the central checks it, the page only carries it.
const TOKEN_RE = /^(?:v1\.[A-Za-z0-9._-]{10,600}|[0-9A-HJKMNP-TV-Z]{12})$/;

export function readLaunch(search: string): Launch {
  const params = new URLSearchParams(search);
  const timings = readTimings(params);
  if ((params.get('mode') ?? 'kiosk') === 'kiosk') return { mode: 'kiosk', timings };
  if (params.get('mode') !== 'phone') return { mode: 'invalid', reason: 'unknown-mode' };
  const officeId = params.get('office') ?? '';
  if (!OFFICE_RE.test(officeId)) return { mode: 'invalid', reason: 'no-office' };
  const channel = params.get('channel') as PhoneChannel | null;
  if (!channel || !PHONE_CHANNELS.includes(channel)) return { mode: 'invalid', reason: 'no-channel' };
  const desk = (params.get('desk') ?? '').trim().slice(0, 60) || null;
  const service = params.get('service');
  const serviceId = service && SERVICE_RE.test(service) ? service : null;
  const t = params.get('t');
  const token = t && TOKEN_RE.test(t) ? t : null;
  // A per-visit link without its token is still shown; the central refuses the answer and says why.
  return { mode: 'phone', officeId, channel, desk, serviceId, token, timings };
}

function readTimings(params: URLSearchParams): Timings {
  const number = (key: string, min: number, max: number): number | null => {
    const text = params.get(key);
    if (text === null || !/^\d+(\.\d+)?$/.test(text)) return null;
    const value = Number(text);
    return value >= min && value <= max ? value : null;
  };
  return {
    idleSeconds: number('t.idle', 1, 3600) ?? DEFAULT_TIMINGS.idleSeconds,
    thanksSeconds: number('t.thanks', 1, 600) ?? DEFAULT_TIMINGS.thanksSeconds,
    backoffBaseMs: number('t.backoff', 10, 60_000) ?? DEFAULT_TIMINGS.backoffBaseMs,
    backoffCapMs: number('t.backoffCap', 10, 600_000) ?? DEFAULT_TIMINGS.backoffCapMs,
    requestTimeoutMs: number('t.timeout', 100, 120_000) ?? DEFAULT_TIMINGS.requestTimeoutMs,
    heartbeatSeconds: number('t.heartbeat', 1, 3600) ?? DEFAULT_TIMINGS.heartbeatSeconds,
  };
}
