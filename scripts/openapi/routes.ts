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

export interface FunctionDefinition {
  handler?: string;
  events?: Array<Record<string, unknown>>;
}

/** Every function serverless.yml deploys to `stage`, by name, read from the function files it includes. */
export const deployedFunctions = (stage = 'dev', root = process.cwd()): Record<string, FunctionDefinition> => {
  const manifest = parse(readFileSync(join(root, 'serverless.yml'), 'utf8')) as Manifest;
  const entries = Array.isArray(manifest.functions) ? manifest.functions : [];
  const files = entries.flatMap((entry) => filesOf(entry, manifest, stage));
  const functions: Record<string, FunctionDefinition> = {};
  for (const file of new Set(files)) {
    if (!existsSync(join(root, file))) continue; // an optional include (`, null}`)
    Object.assign(functions, (parse(readFileSync(join(root, file), 'utf8')) ?? {}) as Record<string, FunctionDefinition>);
  }
  return functions;
};

/** `METHOD /path` of an httpApi event, or `*` for the catch-all. */
export const httpRouteKey = (event: Record<string, unknown>): string | undefined => {
  const httpApi = event.httpApi as string | { method?: string; path?: string } | undefined;
  if (typeof httpApi === 'string') return httpApi;
  return httpApi?.path ? `${httpApi.method} ${httpApi.path}` : undefined;
};

/**
 * The HTTP API routes serverless.yml deploys to `stage`, read from the function files it includes (the same files
 * `serverless package` reads). The catch-all `*` route (the problem+json 404) is not an operation.
 */
export const httpRoutes = (stage = 'dev', root = process.cwd()): HttpRoute[] => {
  const routes: HttpRoute[] = [];
  for (const [name, definition] of Object.entries(deployedFunctions(stage, root))) {
    for (const event of definition?.events ?? []) {
      const route = httpRouteKey(event);
      if (!route || route === '*') continue;
      const [method, path] = route.split(' ') as [string, string];
      routes.push({ function: name, method: method.toLowerCase(), path });
    }
  }
  return routes;
};
