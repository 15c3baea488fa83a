/**
 * The service worker of the exit poll's page (/interviewer only: its scope), so a tablet that
 * opened the page once online opens it again with the office Wi-Fi down. It keeps two things:
 * - the page itself, network first: a fresh copy whenever the hub answers (and kept), the kept
 *   copy when it does not answer within a few seconds; a page the hub no longer gives (the
 *   session ended: a redirect to the login) is forgotten;
 * - the staff app's scripts and styles the page loaded, cache first (their names carry a hash);
 *   the page sends their list once it runs (the worker then also takes a copy of the page, which
 *   its first opening, not yet under the worker, did not leave), and files no longer on it are dropped.
 * Nothing else: the answers wait in the page's IndexedDB, and the API is never answered from here.
 * Self-contained (no imports): built as one classic script, assets/interviewer-sw.js, served by the
 * hub at /interviewer-sw.js.
 */
declare const self: ServiceWorkerGlobalScope;
export {};

const CACHE = 'czn-interviewer-page-v1';
const PAGE = '/interviewer';
const ASSETS = '/staff-app/assets/';
const NETWORK_WAIT_MS = 6000;

self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const data = event.data as { cache?: unknown } | null;
  if (!data || !Array.isArray(data.cache)) return;
  const paths = data.cache.filter((u): u is string => typeof u === 'string').map(pathOf).filter((p): p is string => p !== null && p.startsWith(ASSETS));
  event.waitUntil(Promise.all([keepAssets([...new Set(paths)]), keepPage()]));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const path = pathOf(request.url);
  if (path === null) return;
  if (request.mode === 'navigate' && path === PAGE) event.respondWith(page(request));
  else if (path.startsWith(ASSETS)) event.respondWith(asset(request));
});

function pathOf(url: string): string | null {
  const parsed = new URL(url, self.location.href);
  return parsed.origin === self.location.origin ? parsed.pathname : null;
}

async function page(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_WAIT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.ok && response.type === 'basic') await cache.put(PAGE, response.clone());
    else await cache.delete(PAGE);
    return response;
  } catch {
    const kept = await cache.match(PAGE);
    return kept ?? new Response('<!doctype html><html lang="ru"><meta charset="utf-8"><title>Нет связи с хабом</title><p>Нет связи с хабом отдела, а страница ещё не сохранена на этом устройстве. Откройте её один раз при работающей сети.</p></html>', { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
  } finally {
    clearTimeout(timer);
  }
}

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/** A fresh copy of the page (with the session's cookie, as any request of the page). */
async function keepPage(): Promise<void> {
  try {
    const response = await fetch(PAGE, { credentials: 'same-origin', redirect: 'manual' });
    if (response.ok && response.type === 'basic') await (await caches.open(CACHE)).put(PAGE, response);
  } catch {
    // Offline right now: the next opening online keeps it.
  }
}

/** Keeps exactly the page's current scripts and styles (fetched now if not held). */
async function keepAssets(paths: string[]): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const key of await cache.keys()) {
    const path = pathOf(key.url);
    if (path !== null && path.startsWith(ASSETS) && !paths.includes(path)) await cache.delete(key);
  }
  for (const path of paths) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path);
      if (response.ok) await cache.put(path, response);
    } catch {
      // Offline right now: the next visit online sends the list again.
    }
  }
}
