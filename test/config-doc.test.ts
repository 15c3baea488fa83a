import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS } from '../hub/config.ts';

/** docs/configuration.md names every environment variable the hub reads, and no other. */
describe('docs/configuration.md', () => {
  it('documents exactly the environment variables of hub/config.ts', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'configuration.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Environment variables'), doc.indexOf('## Only in the JSON file'));
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    const read = [...ENV_BINDINGS.map((b) => b.key), 'HUB_CONFIG'];
    expect([...documented].sort()).toEqual([...read].sort());
  });
});
