/**
 * The staff app's only way to the hub: JSON over fetch with the session cookie, the CSRF token on
 * writes, and the hub's Russian reason as the error. Response types come from shared/api (the same
 * schemas the hub answers against); the caller names the type it expects.
 */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The message for each field the hub named (a form's refusal), by the field's path. */
    readonly fields: Record<string, string> = {},
    /** Each problem of a file the hub refused (a call list's broken lines), in its order. */
    readonly errors: string[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => void (csrfToken = token);

type Params = Record<string, string | number | null | undefined>;

export function url(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** `body`: JSON to send, or a file (Blob) sent as its bytes. */
async function request<T>(method: string, path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const file = body instanceof Blob ? body : null;
  if (method !== 'GET') {
    headers['content-type'] = file ? file.type || 'application/octet-stream' : 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: file ?? JSON.stringify(body) }) });
  } catch {
    throw new ApiFailure('Хаб не отвечает. Проверьте связь и обновите страницу.', 0, 'network');
  }
  const answer = (await res.json().catch(() => null)) as ({ ok?: boolean; error?: string; reason?: string; fields?: Record<string, string>; errors?: string[] } & T) | null;
  if (res.status === 401) throw new ApiFailure('Сеанс закончился: войдите снова.', 401, 'unauthorized');
  if (!res.ok || !answer || answer.ok === false) throw new ApiFailure(answer?.reason ?? `Хаб ответил ошибкой ${res.status}.`, res.status, answer?.error ?? 'http', answer?.fields ?? {}, answer?.errors ?? []);
  return answer;
}

export const getJson = <T>(path: string, params: Params = {}): Promise<T> => request<T>('GET', url(path, params), undefined);
/** A file sent as it is (a CSV list): the hub reads its bytes and answers JSON. */
export const sendFile = <T>(path: string, file: Blob, method: 'POST' | 'PUT' = 'POST'): Promise<T> => request<T>(method, path, file);
export const sendJson = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> => request<T>(method, path, body ?? {});
