import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface HttpRoute {
  function: string;
  method: string;
  path: string;
}

type Manifest = Record<string, unknown>;

/** The function files one `functions:` entry stands for: `${file(...)}`, or a `${self:...}` reference to one. */
const filesOf = (entry: unknown, manifest: Manifest, stage: string): string[] => {
  if (typeof entry !== 'string') return [];
  const text = entry.replaceAll('${sls:stage}', stage);
  const file = /^\$\{file\(([^)]+)\)/.exec(text)?.[1];
  if (file) return [file];
  const reference = /^\$\{self:([^,}]+)/.exec(text)?.[1];
  if (!reference) return [];
  const target = reference.split('.').reduce<unknown>((node, part) => (node as Manifest | undefined)?.[part], manifest);
  return filesOf(target, manifest, stage);
};

/**
 * The HTTP API routes serverless.yml deploys to `stage`, read from the function files it includes (the same files
 * `serverless package` reads). The catch-all `*` route (the problem+json 404) is not an operation.
 */
export const httpRoutes = (stage = 'dev', root = process.cwd()): HttpRoute[] => {
  const manifest = parse(readFileSync(join(root, 'serverless.yml'), 'utf8')) as Manifest;
  const entries = Array.isArray(manifest.functions) ? manifest.functions : [];
  const files = entries.flatMap((entry) => filesOf(entry, manifest, stage));
  const routes: HttpRoute[] = [];
  for (const file of new Set(files)) {
    if (!existsSync(join(root, file))) continue; // an optional include (`, null}`)
    const functions = (parse(readFileSync(join(root, file), 'utf8')) ?? {}) as Record<string, { events?: Array<Record<string, unknown>> }>;
    for (const [name, definition] of Object.entries(functions)) {
      for (const event of definition?.events ?? []) {
        const httpApi = event.httpApi;
        const route =
          typeof httpApi === 'string'
            ? httpApi
            : (httpApi as { method?: string; path?: string } | undefined)?.path
              ? `${(httpApi as { method: string }).method} ${(httpApi as { path: string }).path}`
              : undefined;
        if (!route || route === '*') continue;
        const [method, path] = route.split(' ') as [string, string];
        routes.push({ function: name, method: method.toLowerCase(), path });
      }
    }
  }
  return routes;
};
