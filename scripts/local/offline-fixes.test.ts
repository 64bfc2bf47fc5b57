import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundLambdaFunctionPool, fixHandlerRunner, OfflineFixNotApplicableError } from './offline-fixes.ts';

const installed = (file = 'lambda/handler-runner/HandlerRunner.js') => {
  const entry = createRequire(import.meta.url).resolve('serverless-offline'); // <package>/src/index.cjs
  return readFileSync(join(dirname(entry), file), 'utf8');
};
const BOUNDED = 'file:///repo/scripts/local/offline-concurrency.ts';

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

  it('exports the bounded pool from the installed LambdaFunctionPool.js, once', () => {
    const bounded = boundLambdaFunctionPool(installed('lambda/LambdaFunctionPool.js'), BOUNDED);
    expect(bounded).not.toContain('export default class');
    expect(bounded).toMatch(/^class LambdaFunctionPool \{$/m);
    expect(bounded).toContain(`import { boundedLambdaFunctionPool } from "${BOUNDED}";`);
    expect(bounded.trimEnd().endsWith('export default boundedLambdaFunctionPool(LambdaFunctionPool);')).toBe(true);
    expect(boundLambdaFunctionPool(bounded, BOUNDED)).toBe(bounded);
  });

  it.each([
    ['a pool exported another way', 'class LambdaFunctionPool {}\nexport { LambdaFunctionPool as default }'],
    ['an ambiguous source', 'export default class LambdaFunctionPool {\nexport default class LambdaFunctionPool {'],
  ])('refuses to bound %s', (_name, source) => {
    expect(() => boundLambdaFunctionPool(source, BOUNDED)).toThrow(OfflineFixNotApplicableError);
  });
});
