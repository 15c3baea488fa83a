import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The staff app reads what the API sends through the shared schemas (shared/api/), and the hub
 * types its answers against the same schemas. This proves it by construction: the project's own
 * compiler settings type-check the dashboard screen and the hub's figures route once as they are,
 * and once with a field of the shared schema renamed in memory. The rename must break both: the
 * screen that reads the old name and the route that no longer sends the new one.
 */
const root = path.join(import.meta.dirname, '..');
const schemaFile = path.join(root, 'shared', 'api', 'figures.ts');
const screen = path.join(root, 'staff-app', 'src', 'screens', 'dashboard', 'dashboard-screen.tsx');
const route = path.join(root, 'hub', 'reports', 'api-routes.ts');

function errorsWith(schemaText: string): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error('tsconfig.json not read');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === schemaFile ? schemaText : readFile(file));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) =>
    path.resolve(file) === schemaFile ? ts.createSourceFile(file, schemaText, language) : getSourceFile(file, language, onError, create);
  const program = ts.createProgram([screen, route], config.options, host);
  const found = new Map<string, string[]>();
  for (const file of [screen, route]) {
    const diagnostics = program.getSemanticDiagnostics(program.getSourceFile(file));
    found.set(file, diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  }
  return found;
}

describe('a field renamed in a shared API schema', () => {
  it('breaks the type check of the screen that reads it and of the route that sends it', { timeout: 180_000 }, () => {
    const original = readFileSync(schemaFile, 'utf8');
    const before = errorsWith(original);
    expect(before.get(screen)).toEqual([]);
    expect(before.get(route)).toEqual([]);

    expect(original).toContain('  regionWide: z.boolean(),');
    const after = errorsWith(original.replace('  regionWide: z.boolean(),', '  wholeRegion: z.boolean(),'));
    expect(after.get(screen)!.join('\n')).toMatch(/Property 'regionWide' does not exist/);
    expect(after.get(route)!.join('\n')).toMatch(/wholeRegion/);
  });
});
