import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The staff app: every staff screen (dashboard, АХО board, admin, settings, invitations, the
 * central's overview, login and password pages) as one Preact app, built into staff-app/dist and
 * served by the hub at the screens' own addresses (hub/staff-app/). Separate from the kiosk's
 * build on purpose: the kiosk's bundle budget and its service worker never see staff code.
 *
 * Each screen is its own lazily loaded chunk; the entry holds only the page frame and the router.
 * `poster-print` is the one-line print button of the printable QR poster, under a fixed name
 * because the poster page is rendered by the hub, not by the app. `interviewer-sw` is the exit
 * poll page's service worker (src/interviewer-sw.ts), a classic script with no imports under a
 * fixed name, which the hub serves at /interviewer-sw.js so its scope can be /interviewer.
 */
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/staff-app/',
  publicDir: false,
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // Which chunks each screen loads: read by the bench (bench/figures/staff-app.bench.ts).
    manifest: true,
    chunkSizeWarningLimit: 200,
    rollupOptions: {
      input: { index: path.join(root, 'index.html'), 'poster-print': path.join(root, 'src', 'poster-print.ts'), 'interviewer-sw': path.join(root, 'src', 'interviewer-sw.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'poster-print' || chunk.name === 'interviewer-sw' ? `assets/${chunk.name}.js` : 'assets/[name]-[hash].js'),
        // The live socket client is shared by the board and the dashboard: a chunk of its own.
        manualChunks: (id) => (/[\\/]node_modules[\\/](socket\.io-client|engine\.io-client|engine\.io-parser|socket\.io-parser|@socket\.io)[\\/]/.test(id) ? 'socket-io' : undefined),
      },
    },
  },
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
});
