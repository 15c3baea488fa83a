// The dashboard reads only the hub's JSON API (hub/reports/): the same figures as the exports.
export class ApiError extends Error {}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const url = query.size ? `${path}?${query}` : path;
  let res;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    throw new ApiError('Хаб не отвечает. Проверьте связь и обновите страницу.');
  }
  const body = await res.json().catch(() => null);
  if (res.status === 401) throw new ApiError('Нужно войти в систему.');
  if (!res.ok || !body || body.ok === false) throw new ApiError(body?.reason ?? `Ошибка ${res.status}`);
  return body;
}

export const url = (path, params = {}) => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  return query.size ? `${path}?${query}` : path;
};
