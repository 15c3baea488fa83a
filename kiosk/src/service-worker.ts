import { countError, updateReady } from './state/app-state.ts';

/**
 * Registers the service worker that keeps the app shell offline (vite-plugin-pwa, generateSW).
 * A new version activates at once (skipWaiting); the page notes it and reloads between two
 * clients (store/survey-actions.ts toWelcome), never in the middle of someone's survey.
 */
const HOUR = 3600_000;

export function registerServiceWorker(base: string): void {
  if (!('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) updateReady.value = true;
  });
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then((registration) => setInterval(() => void registration.update().catch(() => undefined), HOUR))
    .catch(() => countError('service-worker'));
}
