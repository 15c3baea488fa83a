/**
 * One JSON POST as every submitter makes it: no cookies (unless a staff page asks for its
 * session's, `credentials: 'same-origin'`), no redirects, nothing cached, and a
 * timeout that covers the body too (a portal that stalls mid-answer is a failure, not a hang).
 * A transport failure is a short reason code, counted in the heartbeat's error counters.
 */
export type PostResult = { ok: true; status: number; text: string } | { ok: false; reason: 'timeout' | 'network' };

export async function postJson(doFetch: typeof fetch, url: string, body: unknown, options: { headers?: Record<string, string>; timeoutMs: number; credentials?: RequestCredentials }): Promise<PostResult> {
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: options.credentials ?? 'omit',
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return { ok: true, status: res.status, text: await res.text() };
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { ok: false, reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
  }
}
