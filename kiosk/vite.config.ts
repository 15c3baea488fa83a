import { readFileSync } from 'node:fs';
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The kiosk survey PWA. Served by the hub at /kiosk/ (hub/kiosk-host/), built into kiosk/dist.
 *
 * Service worker: generateSW. The worker only has to precache the app shell and answer every
 * navigation inside /kiosk/ with the cached index.html; sending responses is done by the page
 * itself (a kiosk page is always open), so no custom worker code is needed. Switch to
 * injectManifest (kiosk/src/sw.ts) when phone mode wants Background Sync.
 */
const root = import.meta.dirname;
const version = (JSON.parse(readFileSync(path.join(root, '..', 'package.json'), 'utf8')) as { version: string }).version;

export default defineConfig({
  root,
  base: '/kiosk/',
  publicDir: path.join(root, 'public'),
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: nothing is worth a second round trip on the kiosk's first paint.
    modulePreload: false,
    reportCompressedSize: false,
  },
  plugins: [
    preact({ prefreshEnabled: false, devToolsEnabled: false }),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // The page registers the worker itself (kiosk/src/service-worker.ts): no inline script, so
      // the hub can forbid inline scripts in its Content-Security-Policy.
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Оценка качества услуг — ЦЗН Костромской области',
        short_name: 'Опрос ЦЗН',
        lang: 'ru',
        description: 'Анонимный опрос клиентов центра занятости после получения услуги',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'fullscreen',
        background_color: '#ffffff',
        theme_color: '#0b3a78',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackAllowlist: [/^\/kiosk\//],
        inlineWorkboxRuntime: true,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        sourcemap: false,
      },
    }),
  ],
});
