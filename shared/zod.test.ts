import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// What a Lambda bundle gets when it validates: built the way serverless.yml builds functions (bundled, minified ESM,
// the package's `sideEffects` honoured), then run.
const entry = `
import { placeOrderBody } from '#shared/application/orders/schemas.ts';
const result = placeOrderBody.safeParse({ lines: [{ productId: '', quantity: 1.5 }], extra: true });
export const messages = result.success ? [] : result.error.issues.map((issue) => issue.message);
`;

const dir = mkdtempSync(join(tmpdir(), 'orderly-zod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundle = async () => {
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: process.cwd(), sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
  });
  return built.outputFiles[0]!.text;
};

describe('shared/zod.ts in a bundle', { timeout: 60_000 }, () => {
  it('keeps zod’s English messages (its one side effect survives tree-shaking)', async () => {
    const file = join(dir, 'entry.mjs');
    writeFileSync(file, await bundle());
    const { messages } = (await import(pathToFileURL(file).href)) as { messages: string[] };

    expect(messages).toEqual([
      'Too small: expected string to have >=1 characters',
      'Invalid input: expected int, received number',
      'Unrecognized key: "extra"',
    ]);
  });

  it('carries zod/mini and not classic zod', async () => {
    const code = await bundle();

    expect(code).toContain('"ZodMiniObject"');
    expect(code).not.toContain('"ZodObject"');
  });
});
