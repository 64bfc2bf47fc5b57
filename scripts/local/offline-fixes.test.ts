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
  OFFLINE_INIT_FIELD,
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
  it('sends the deadline and an init signal with every context, and times out after the init, from the installed LambdaFunction.js', () => {
    const fixed = fixDeadlineSender(installed('lambda/LambdaFunction.js'));
    expect(fixed).toContain(`${OFFLINE_DEADLINE_FIELD}: Date.now() + this.#timeout`);
    expect(fixed).toContain(`${OFFLINE_INIT_FIELD}: new Int32Array(new SharedArrayBuffer(8))`);
    // The timeout it races against gets the context, waits for the init (at most 10 s) and moves by its duration.
    expect(fixed).toContain('[this.#timeoutAndTerminate(context)]');
    expect(fixed).toMatch(
      /async #timeoutAndTerminate\(context\) \{\n\s+await setTimeout\(this\.#timeout\)\n[^]*Atomics\.waitAsync[^]*throw new LambdaTimeoutError/,
    );
    expect(fixDeadlineSender(fixed)).toBe(fixed);
  });

  it('signals pick-up and the end of a cold import, and counts getRemainingTimeInMillis down to the deadline, in the installed InProcessRunner.js', () => {
    const fixed = fixDeadlineReader(installed('lambda/handler-runner/in-process-runner/InProcessRunner.js'));
    const signal = fixed.indexOf('Atomics.store(orderlyInit, 0, orderlyCold ? 1 : 3)');
    const load = fixed.indexOf('const handler = await load(');
    const imported = fixed.indexOf('Atomics.store(orderlyInit, 0, 2)');
    expect(signal).toBeGreaterThan(0);
    expect(signal).toBeLessThan(load);
    expect(imported).toBeGreaterThan(load);
    expect(fixed).toContain('orderlyDeadline - Date.now()');
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
