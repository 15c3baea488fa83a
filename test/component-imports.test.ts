import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The programs talk through contracts, never through each other's source: the production code of
 * a component imports its own folder, shared/ and packages, nothing else. The kiosk, the panel
 * driver and the staff app import only shared/; the hub imports none of them (it serves the staff
 * app's built files, never its source); shared/ imports nothing of theirs.
 * No production file imports test scaffolding. Tests are free to cross (that is what test/ is for).
 */
const ROOT = path.join(import.meta.dirname, '..');

const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: ['shared'],
  kiosk: ['kiosk', 'shared'],
  'terminal-driver': ['terminal-driver', 'shared'],
  hub: ['hub', 'shared'],
  'staff-app': ['staff-app', 'shared'],
};

const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);

function productionFiles(component: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|mjs)$/.test(entry.name) && !isTest(entry.name)) found.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, component));
  return found;
}

/** Every relative import of a file (static, re-export, dynamic) that leaves what its component may import. */
export function forbiddenImports(file: string, source: string): string[] {
  const component = file.split(/[\\/]/)[0]!;
  const allowed = MAY_IMPORT[component] ?? [];
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
      return !allowed.includes(target.split(/[\\/]/)[0]!);
    })
    .map((specifier) => `${file} imports ${specifier}`);
}

describe('component boundaries', () => {
  it('the check sees an import across components, a re-export and a dynamic import', () => {
    expect(forbiddenImports('kiosk/src/x.ts', "import { startHub } from '../../hub/server.ts';")).toEqual(['kiosk/src/x.ts imports ../../hub/server.ts']);
    expect(forbiddenImports('terminal-driver/x.ts', "export { eventually } from '../test/support/eventually.ts';")).toHaveLength(1);
    expect(forbiddenImports('hub/x.ts', "const m = await import('../terminal-driver/panel.ts');")).toHaveLength(1);
    expect(forbiddenImports('shared/protocol/x.ts', "import type { HubContext } from '../../hub/context.ts';")).toHaveLength(1);
    expect(forbiddenImports('hub/forward/x.ts', "import { INGEST_PATH } from '../../shared/protocol/wire.ts';\nimport { z } from 'zod';")).toEqual([]);
    expect(forbiddenImports('staff-app/src/screens/x.tsx', "import { sendStaffPage } from '../../../hub/staff-app/staff-page.ts';")).toHaveLength(1);
  });

  it.each(Object.keys(MAY_IMPORT))('%s/ imports only what it may', (component) => {
    const files = productionFiles(component);
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) => forbiddenImports(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });
});
