import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const serverlessYml = readFileSync('serverless.yml', 'utf8');
const fileRefs = [...serverlessYml.matchAll(/\$\{file\(([^)]+)\)([^}]*)\}/g)].map(([, path, rest]) => ({ path: path!, rest: rest! }));

describe('serverless.yml includes', () => {
  it('names at least the base function and resource files', () => {
    expect(fileRefs.map((ref) => ref.path)).toEqual(expect.arrayContaining(['infra/functions.yml', 'infra/resources.yml']));
  });

  // A property of a resolver file (`${file(infra/local-only.cjs):NAME, <deployed value>}`) may fall back: that is the
  // value when the resolver leaves the variable out. A whole-file include may not.
  it.each(fileRefs.filter((ref) => !ref.rest.startsWith(':')))(
    'includes $path without a fallback, so a missing file fails loudly',
    ({ rest }) => {
      expect(rest.trim()).toBe('');
    },
  );

  it.each(fileRefs.filter((ref) => !ref.path.includes('${')))('includes $path, which exists', ({ path }) => {
    expect(existsSync(path)).toBe(true);
  });
});
