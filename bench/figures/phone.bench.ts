import { COMMENT_MAX_LENGTH } from '../../shared/surveys.ts';
import { newNonce, signInvitation } from '../../hub/invitations/token.ts';
import { OFFICE, phoneResponse, postAnswer, startPhoneStack } from '../../test/support/phone-hubs.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';
import { fsyncLatencyMs } from '../floors.ts';

/**
 * Phone answers at the central's public endpoint: answers with a per-visit token per second and
 * their latency (20 phones at once), beside one fsync-ed SQLite commit, which every stored answer
 * pays; and the largest legitimate answer beside the body limit.
 */
const ANSWERS = 1000;
const PHONES = 20;

export async function run(): Promise<BenchFigure[]> {
  const stack = await startPhoneStack({ env: { PUBLIC_RATE_MAX: '10000', LOG_LEVEL: 'silent' } });
  const key = { keyId: stack.key.keyId, secret: stack.key.secret };
  const expiresAt = Date.now() + 86_400_000;
  const bodies = Array.from({ length: ANSWERS }, () => ({
    token: signInvitation(key, { officeId: OFFICE, desk: 'Окно 1', serviceId: 'vacancies', channel: 'visit-qr', expiresAt, nonce: newNonce() }),
    response: phoneResponse({ desk: 'Окно 1', serviceId: 'vacancies', comment: 'Всё понятно объяснили' }),
  }));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PHONES }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const res = await postAnswer(stack.central, body);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`answer refused: ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await stack.close();
  latencies.sort((a, b) => a - b);
  const fsync = fsyncLatencyMs(200);

  const largest = JSON.stringify({
    token: bodies[0]!.token,
    response: phoneResponse({ desk: 'Я'.repeat(60), comment: 'Ж'.repeat(COMMENT_MAX_LENGTH), serviceId: 'x'.repeat(64) }),
  });
  return [
    figure('phone.answers.per-second', ANSWERS / seconds, 'answers/s', { name: 'fsync-ed commits/s (1 / p50)', value: 1000 / fsync.p50, unit: 'answers/s' }, `${PHONES} concurrent phones, token verified and used once per answer`),
    figure('phone.answer.p50', percentile(latencies, 50), 'ms', { name: 'fsync-ed commit p50', value: fsync.p50, unit: 'ms' }),
    figure('phone.answer.p99', percentile(latencies, 99), 'ms', { name: 'fsync-ed commit p99', value: fsync.p99, unit: 'ms' }),
    figure('phone.largest-answer', Buffer.byteLength(largest) / 1024, 'kB', { name: 'body limit (PUBLIC_MAX_BODY_BYTES default)', value: 16, unit: 'kB' }, 'a 1000-character Cyrillic comment, 60-character desk'),
  ];
}
