import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The rules CONTRIBUTING.md gives a new maintainer, checked so that the next context copies the right pattern.

/** Functions with no use case of their own: the catch-all 404 and the test-stage probes are spine checks. */
const WITHOUT_USE_CASE = new Set(['ops/not-found', 'ops/probe-cold', 'ops/probe-error', 'ops/probe-slow', 'ops/probe-worker']);

const functionFolders = readdirSync('functions').flatMap((context) =>
  readdirSync(join('functions', context)).map((useCase) => ({ context, useCase, id: `${context}/${useCase}` })),
);
const camelCase = (kebab: string) => kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

describe('one function folder, one use-case file of the same name', () => {
  it.each(functionFolders.filter(({ id }) => !WITHOUT_USE_CASE.has(id)))(
    'functions/$id has shared/application/$id.ts exporting its camelCase use case',
    ({ context, useCase }) => {
      const file = join('shared', 'application', context, `${useCase}.ts`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`export (const|async function|function) ${camelCase(useCase)}\\b`));
    },
  );

  it.each(functionFolders)('functions/$id/handler.ts is wiring only (at most 30 lines)', ({ id }) => {
    const lines = readFileSync(join('functions', id, 'handler.ts'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines.length).toBeLessThanOrEqual(30);
  });

  it('lists only exemptions that exist', () => {
    expect([...WITHOUT_USE_CASE].filter((id) => !functionFolders.some((folder) => folder.id === id))).toEqual([]);
  });
});

describe('one composition root per context, one shape', () => {
  const roots = readdirSync('shared/composition').filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const crossCutting = new Set(['auth.ts', 'aws.ts', 'memo.ts']);

  it.each(roots.filter((file) => !crossCutting.has(file)))(
    'shared/composition/%s loads its config once and imports no other context root',
    (file) => {
      const source = readFileSync(join('shared/composition', file), 'utf8');
      expect(source.match(/^export const \w+Config = loadConfig\(/gm) ?? []).toHaveLength(1);
      const otherRoots = roots.filter((other) => other !== file && !crossCutting.has(other));
      for (const other of otherRoots) expect(source).not.toContain(`/composition/${other}`);
      for (const other of otherRoots) expect(source).not.toContain(`'./${other}'`);
    },
  );
});
