import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeTableMarkdown } from '../hub/cli/routes.ts';
import { readHubConfig } from '../hub/config.ts';
import { silentLogger } from './support/test-records.ts';
import { createHubContext } from '../hub/server.ts';

/** docs/access.md is what `npm run hub -- routes` prints for each role; a route added without regenerating it fails here. */
const doc = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'access.md'), 'utf8');

describe('docs/access.md', () => {
  for (const [role, heading, next] of [
    ['office', '## Office hub', '## Central collector'],
    ['central', '## Central collector', null],
  ] as const) {
    it(`lists exactly the ${role} hub's routes and rules`, () => {
      const config = readHubConfig({ ROLE: role, OFFICE_ID: 'sharya', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'access-doc-')) });
      if (!config.ok) throw new Error(config.message);
      const ctx = createHubContext(config.value, { logger: silentLogger });
      let table: string;
      try {
        table = routeTableMarkdown(ctx);
      } finally {
        ctx.db.close();
      }
      const section = doc.slice(doc.indexOf(heading), next ? doc.indexOf(next) : undefined);
      const documented = section.split('\n').filter((line) => line.startsWith('|'));
      expect(documented.join('\n'), 'regenerate with: npm run hub -- routes (ROLE=central for the central)').toBe(table);
    });
  }
});
