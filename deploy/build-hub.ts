import path from 'node:path';
import { build } from 'esbuild';

/**
 * The hub as one JavaScript file, hub/dist/main.mjs: what offices and the central run (systemd's
 * czn-hub.service) and what the tests start. Run through tsx instead, a hub also keeps tsx's loader
 * thread and its transforms resident: about 30 MB of an office hub's 200 MB budget (measured:
 * docs/forwarding.md, "Memory"). Packages stay in node_modules. Every path the hub computes from its
 * own file (hub/db/open.ts's migrations, the kiosk and staff apps' dist) is one folder below hub/,
 * as hub/dist/ is, so it resolves the same from the bundle.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
export const HUB_BUNDLE = path.join(ROOT, 'hub', 'dist', 'main.mjs');

export async function buildHub(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'hub', 'main.ts')],
    outfile: HUB_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return HUB_BUNDLE;
}

// `npm run build` (the install's step) runs this file.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  console.log(`hub: ${path.relative(ROOT, await buildHub())}`);
}
