import { loadConfig } from '../shared/config-loader.ts';
import { DEVICE_PAIR_PATH } from '../shared/protocol/wire.ts';
import { z } from '../shared/zod.ts';

/**
 * `npm run driver:pair -- <code>`: trades the one-time pairing code shown on the hub's admin page
 * («Привязать устройство», kind «Драйвер пультов») for this driver's own credential, and prints
 * the lines for /etc/czn-feedback/driver.env. The key is shown once; nothing is written to disk.
 */
const schema = z.strictObject({ hubUrl: z.url({ protocol: /^https?$/ }) });
const answerSchema = z.object({ ok: z.literal(true), deviceId: z.string(), officeId: z.string(), kind: z.string(), token: z.string() });

/** Why pairing failed; pairRefusalText() says it in Russian on the terminal. */
export type PairRefusal =
  | { reason: 'hub-unreachable'; hubUrl: string; detail: string }
  /** The hub refused the code (`detail`: its own reason, or the HTTP status). */
  | { reason: 'refused'; detail: string }
  | { reason: 'not-a-driver-code'; kind: string };
export type PairOutcome = { ok: true; lines: string[] } | ({ ok: false } & PairRefusal);

export function pairRefusalText(refusal: PairRefusal): string {
  switch (refusal.reason) {
    case 'hub-unreachable':
      return `хаб ${refusal.hubUrl} не ответил: ${refusal.detail}`;
    case 'refused':
      return `привязка не удалась: ${refusal.detail}`;
    case 'not-a-driver-code':
      return `код выдан для устройства вида «${refusal.kind}», а не для драйвера пультов; ключ не используйте, выдайте новый код`;
  }
}

export async function pairDriver(hubUrl: string, code: string): Promise<PairOutcome> {
  let res: Response;
  try {
    res = await fetch(new URL(DEVICE_PAIR_PATH, hubUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    return { ok: false, reason: 'hub-unreachable', hubUrl, detail: (error as Error).message };
  }
  const body: unknown = await res.json().catch(() => null);
  const answer = answerSchema.safeParse(body);
  if (!res.ok || !answer.success) {
    const reason = typeof (body as { reason?: unknown } | null)?.reason === 'string' ? (body as { reason: string }).reason : `ответ ${res.status}`;
    return { ok: false, reason: 'refused', detail: reason };
  }
  if (answer.data.kind !== 'panel-driver') return { ok: false, reason: 'not-a-driver-code', kind: answer.data.kind };
  return { ok: true, lines: [`HUB_URL=${hubUrl}`, `OFFICE_ID=${answer.data.officeId}`, `DEVICE_ID=${answer.data.deviceId}`, `DEVICE_TOKEN=${answer.data.token}`] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = process.argv[2];
  const config = loadConfig(schema, { env: process.env, file: null, bindings: [{ key: 'HUB_URL', path: ['hubUrl'], type: 'string' }] });
  if (!config.ok || !code) {
    console.error(config.ok ? 'Использование: HUB_URL=http://127.0.0.1:8080 npm run driver:pair -- <код привязки>' : config.message);
    process.exit(config.ok ? 2 : 1);
  }
  const outcome = await pairDriver(config.value.hubUrl, code);
  if (!outcome.ok) {
    console.error(pairRefusalText(outcome));
    process.exit(1);
  }
  console.log(`Драйвер привязан. Строки для driver.env (ключ показывается один раз):\n${outcome.lines.join('\n')}`);
}
