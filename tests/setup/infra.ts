import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PACKAGED_STAGES, packageStack } from '../infra/template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Stage name → a JSON file holding its packaged stack ({ template, log }). */
    packagedStacks: Record<string, string>;
  }
}

/**
 * Packages every stage the infra tests read once, before any test runs, instead of once per test file: packaging is
 * the slowest step of the suite, and packaging beside the end-to-end stack loaded the machine while it was tested.
 */
export default async function setup(project: TestProject) {
  const folder = mkdtempSync(join(tmpdir(), 'orderly-packaged-'));
  const started = Date.now();
  // One at a time: a packaging holds ~5 GiB of esbuild memory at its peak.
  const entries: Array<[string, string]> = [];
  for (const [stage, env] of Object.entries(PACKAGED_STAGES)) {
    const file = join(folder, `${stage}.json`);
    writeFileSync(file, JSON.stringify(await packageStack(stage, env)));
    entries.push([stage, file]);
  }
  console.log(`infra: packaged ${entries.map(([stage]) => stage).join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
  project.provide('packagedStacks', Object.fromEntries(entries));
}
