import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  boundLambdaFunctionPool,
  fixDeadlineReader,
  fixDeadlineSender,
  fixHandlerRunner,
  OFFLINE_DEADLINE_FIELD,
  OfflineFixNotApplicableError,
} from './offline-fixes.ts';

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

describe('serverless-offline deadline fix', () => {
  it('sends the instant offline times out with every context, from the installed LambdaFunction.js', () => {
    const fixed = fixDeadlineSender(installed('lambda/LambdaFunction.js'));
    expect(fixed).toContain(`const context = { ...this.#lambdaContext.create(), ${OFFLINE_DEADLINE_FIELD}: Date.now() + this.#timeout }`);
    // The timeout it races against is still started right after, with the same duration.
    expect(fixed.indexOf(OFFLINE_DEADLINE_FIELD)).toBeLessThan(fixed.indexOf('this.#timeoutAndTerminate()'));
    expect(fixDeadlineSender(fixed)).toBe(fixed);
  });

  it('counts getRemainingTimeInMillis down to that instant in the installed InProcessRunner.js', () => {
    const fixed = fixDeadlineReader(installed('lambda/handler-runner/in-process-runner/InProcessRunner.js'));
    expect(fixed).toContain(`context.${OFFLINE_DEADLINE_FIELD} - Date.now()`);
    expect(fixed).not.toContain('const executionTimeout = performance.now() + this.#timeout\n');
    expect(fixDeadlineReader(fixed)).toBe(fixed);
  });

  it.each([
    ['a LambdaFunction.js that creates its context another way', fixDeadlineSender, 'const context = createContext()'],
    ['an InProcessRunner.js with another clock', fixDeadlineReader, 'const deadline = Date.now() + timeout'],
  ])('refuses %s', (_name, fix, source) => {
    expect(() => fix(source)).toThrow(OfflineFixNotApplicableError);
  });
});
