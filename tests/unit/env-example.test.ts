import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';

// `.env.example` documents every variable the functions' config schemas read, and nothing that nobody reads.
// The schemas live in shared/config.ts and shared/config/<context>.ts.

const root = process.cwd();
const CONFIG_MODULES = [
  'shared/config.ts',
  ...(() => {
    try {
      return readdirSync(join(root, 'shared', 'config'))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => `shared/config/${name}`);
    } catch {
      return [];
    }
  })(),
];

/** Keys of an object schema, through refinements, intersections, pipes and defaults. */
const keysOf = (schema: z.ZodType): string[] => {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as object);
    case 'intersection':
      return [...keysOf(def.left as z.ZodType), ...keysOf(def.right as z.ZodType)];
    case 'pipe':
      return keysOf(def.in as z.ZodType);
    default:
      return [];
  }
};

const schemaKeys = async (): Promise<Set<string>> => {
  const keys = new Set<string>();
  for (const file of CONFIG_MODULES) {
    const module = (await import(join(root, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.endsWith('Schema') && value && typeof value === 'object' && '_zod' in value)
        for (const key of keysOf(value as z.ZodType)) keys.add(key);
    }
  }
  return keys;
};

const exampleKeys = (): Set<string> =>
  new Set([...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));

const sources = (): string => {
  const texts: string[] = [readFileSync(join(root, 'serverless.yml'), 'utf8')];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|yml)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) texts.push(readFileSync(join(root, path), 'utf8'));
    }
  };
  for (const dir of ['shared', 'scripts', 'infra', 'functions']) walk(dir);
  return texts.join('\n');
};

describe('.env.example', () => {
  it('lists every variable a config schema reads', async () => {
    const documented = exampleKeys();
    const missing = [...(await schemaKeys())].filter((key) => !documented.has(key)).sort();
    expect(missing, 'add these to .env.example (commented out when serverless.yml or npm start sets them)').toEqual([]);
  });

  it('lists nothing the code does not read', () => {
    const code = sources();
    const unused = [...exampleKeys()].filter((key) => !new RegExp(`\\b${key}\\b`).test(code)).sort();
    expect(unused).toEqual([]);
  });
});
