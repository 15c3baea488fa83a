import { INTERVIEWER_PAGE_PATH, INTERVIEWER_WORKER_PATH } from '../../../../shared/interviewer.ts';

/**
 * Registers the page's service worker (staff-app/src/interviewer-sw.ts) and hands it the scripts
 * and styles this page loaded, so the next opening works with the hub out of reach. Resolves true
 * once the worker holds them, false where the browser has no service workers (or refuses them, as
 * it does on plain http anywhere but localhost: docs/surveys.md says what to do then).
 */
export async function keepPageOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register(INTERVIEWER_WORKER_PATH, { scope: INTERVIEWER_PAGE_PATH });
    const ready = await navigator.serviceWorker.ready;
    const assets = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name).origin === location.origin && new URL(name).pathname.startsWith('/staff-app/assets/'));
    ready.active?.postMessage({ cache: assets });
    return ready.active !== null;
  } catch {
    return false;
  }
}
