import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixHandlerRunner, OfflineFixNotApplicableError } from './offline-fixes.ts';

const installed = () => {
  const entry = createRequire(import.meta.url).resolve('serverless-offline'); // <package>/src/index.cjs
  return readFileSync(join(dirname(entry), 'lambda/handler-runner/HandlerRunner.js'), 'utf8');
};

describe('serverless-offline fixes', () => {
  it('drops the terminated runner on cleanup in the installed HandlerRunner.js', () => {
    const fixed = fixHandlerRunner(installed());
    expect(fixed).toMatch(/cleanup\(\) \{[^}]*this\.#runner = null; return runner\?\.cleanup\(\)/);
    expect(fixed).not.toContain('return this.#runner.cleanup()');
    expect(fixHandlerRunner(fixed)).toBe(fixed);
  });

  it.each([
    ['a version without the broken cleanup', 'cleanup() { this.#runner = undefined }'],
    ['an ambiguous source', 'return this.#runner.cleanup()\nreturn this.#runner.cleanup()'],
  ])('refuses %s instead of loading it unfixed', (_name, source) => {
    expect(() => fixHandlerRunner(source)).toThrow(OfflineFixNotApplicableError);
  });
});
