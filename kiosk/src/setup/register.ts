import { DEVICE_PAIR_PATH } from '../../../shared/protocol/wire.ts';
import { hashPin, isAcceptablePin } from '../pin/pin-hash.ts';
import { fetchKioskConfig, type KioskBinding } from './binding.ts';

/**
 * The first-run registration, kept in this one module so the way a kiosk gets its key can change
 * without touching the rest of the app. Two ways in:
 * - a one-time pairing code (1234-5678) made by staff on the hub's admin page, traded at
 *   POST /api/devices/pair for the device key;
 * - the device key itself, printed by `npm run hub -- devices add kiosk-1 --kind kiosk`.
 */
export type RegisterResult = { ok: true; binding: KioskBinding } | { ok: false; message: string };

const PAIRING_CODE = /^\d{4}-?\d{4}$/;
const DEVICE_KEY = /^czn_dev_[A-Za-z0-9_-]{20,120}$/;

export async function registerKiosk(input: { keyOrCode: string; pin: string; pinAgain: string }, options: { timeoutMs: number; now: () => number }): Promise<RegisterResult> {
  const entered = input.keyOrCode.replace(/\s+/g, '');
  if (!isAcceptablePin(input.pin)) return { ok: false, message: 'PIN — от 4 до 8 цифр.' };
  if (input.pin !== input.pinAgain) return { ok: false, message: 'PIN и повтор PIN не совпадают.' };
  let token: string;
  if (PAIRING_CODE.test(entered)) {
    const paired = await redeemCode(entered, options.timeoutMs);
    if (!paired.ok) return paired;
    token = paired.token;
  } else if (DEVICE_KEY.test(entered)) {
    token = entered;
  } else {
    return { ok: false, message: 'Введите код привязки (8 цифр) или ключ устройства (начинается с czn_dev_).' };
  }
  const fetched = await fetchKioskConfig(token, options.timeoutMs);
  if (!fetched.ok) {
    const message = {
      unauthorized: 'Хаб не принял ключ: он неверен или отозван. Выпустите новый.',
      'not-a-kiosk': 'Этот ключ выдан не киоску. Зарегистрируйте устройство с --kind kiosk.',
      unreachable: 'Хаб недоступен. Проверьте сеть и что хаб запущен, затем повторите.',
      'bad-answer': 'Хаб ответил непонятно. Проверьте, что адрес киоска указывает на хаб отдела.',
    }[fetched.reason];
    return { ok: false, message };
  }
  const now = options.now();
  return { ok: true, binding: { token, config: fetched.config, pin: await hashPin(input.pin), boundAt: now, configAt: now } };
}

async function redeemCode(code: string, timeoutMs: number): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
  try {
    const res = await fetch(DEVICE_PAIR_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => null)) as { token?: unknown; kind?: unknown; reason?: unknown } | null;
    if (res.status === 201 && typeof body?.token === 'string') {
      if (body.kind !== 'kiosk') return { ok: false, message: 'Код выдан не для киоска.' };
      return { ok: true, token: body.token };
    }
    return { ok: false, message: typeof body?.reason === 'string' ? `Код не принят: ${body.reason}.` : 'Код не принят хабом.' };
  } catch {
    return { ok: false, message: 'Хаб недоступен. Проверьте сеть и что хаб запущен, затем повторите.' };
  }
}
