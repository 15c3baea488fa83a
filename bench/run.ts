import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildHub } from '../deploy/build-hub.ts';
import type { BenchFigure } from './figure.ts';

/**
 * `npm run bench [name-filter]`: runs every bench/figures/*.bench.ts in turn (never in parallel:
 * they would measure each other), prints one JSON object per figure on stdout, and writes them all
 * to bench/results/<time>.json and bench/results/latest.json.
 */
const filter = process.argv[2] ?? '';
const figuresDir = path.join(import.meta.dirname, 'figures');
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
mkdirSync(path.join(import.meta.dirname, '.tmp'), { recursive: true });
// The hub processes the figures start run from the bundle, as installed (deploy/build-hub.ts).
await buildHub();

const all: BenchFigure[] = [];
for (const file of readdirSync(figuresDir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort()) {
  const module = (await import(path.join(figuresDir, file))) as { run(): Promise<BenchFigure[]> };
  process.stderr.write(`bench: ${file}\n`);
  for (const fig of await module.run()) {
    console.log(JSON.stringify(fig));
    all.push(fig);
  }
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const report = JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: all }, null, 2);
writeFileSync(path.join(resultsDir, `${stamp}.json`), report);
writeFileSync(path.join(resultsDir, 'latest.json'), report);
rmSync(path.join(import.meta.dirname, '.tmp'), { recursive: true, force: true });
