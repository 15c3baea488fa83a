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

export type PairOutcome = { ok: true; lines: string[] } | { ok: false; message: string };

export async function pairDriver(hubUrl: string, code: string): Promise<PairOutcome> {
  let res: Response;
  try {
    res = await fetch(new URL(DEVICE_PAIR_PATH, hubUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    return { ok: false, message: `хаб ${hubUrl} не ответил: ${(error as Error).message}` };
  }
  const body: unknown = await res.json().catch(() => null);
  const answer = answerSchema.safeParse(body);
  if (!res.ok || !answer.success) {
    const reason = typeof (body as { reason?: unknown } | null)?.reason === 'string' ? (body as { reason: string }).reason : `ответ ${res.status}`;
    return { ok: false, message: `привязка не удалась: ${reason}` };
  }
  if (answer.data.kind !== 'panel-driver') return { ok: false, message: `код выдан для устройства вида «${answer.data.kind}», а не для драйвера пультов; ключ не используйте, выдайте новый код` };
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
    console.error(outcome.message);
    process.exit(1);
  }
  console.log(`Драйвер привязан. Строки для driver.env (ключ показывается один раз):\n${outcome.lines.join('\n')}`);
}
