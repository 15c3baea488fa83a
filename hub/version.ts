import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The program's version, from package.json: reported on /health and in every heartbeat. Found by
 * walking up from this file, so it is the same whether the hub runs from hub/ (tsx) or from its
 * bundle in hub/dist/ (deploy/build-hub.ts).
 */
function packageJsonAbove(dir: string): string {
  const candidate = path.join(dir, 'package.json');
  if (existsSync(candidate)) return candidate;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error(`package.json не найден выше ${import.meta.dirname}`);
  return packageJsonAbove(parent);
}

export const VERSION: string = (JSON.parse(readFileSync(packageJsonAbove(import.meta.dirname), 'utf8')) as { version: string }).version;
