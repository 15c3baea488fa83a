// What the staff pages' scripts share (admin, services, alert rules): building elements without
// HTML strings, a status line, and writes to the hub's JSON API with the session's CSRF token.

/** el('td', { class: 'x', onclick: fn }, 'text', child, …): attributes set, handlers added, text as text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

/** Replaces the section's status line (role=status, read out by screen readers). */
export function notice(section, text, isError) {
  section.querySelector('.notice')?.remove();
  section.prepend(el('p', { class: `notice ${isError ? 'error' : 'ok'}`, role: 'status' }, text));
}

let me = null;

/** The logged-in user (GET /api/me: login, roles, CSRF token), asked once per page. */
export async function currentUser() {
  me ??= await (await fetch('/api/me')).json();
  return me;
}

/** A JSON request to the hub as the logged-in user; throws with the hub's Russian reason on failure. */
export async function api(method, url, body) {
  const { csrfToken } = await currentUser();
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => ({ ok: false, reason: `ответ ${res.status}` }));
  if (!res.ok) throw new Error(json.reason || `ошибка ${res.status}`);
  return json;
}
