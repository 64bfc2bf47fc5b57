import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BuildOptions, Plugin } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'bench', '.build');

/** The Node the Lambdas run on: node_modules/.bin/node (Node 22), falling back to the running one. */
export const NODE_BIN = existsSync(path.join(ROOT, 'node_modules', '.bin', 'node'))
  ? path.join(ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

export interface FunctionSpec {
  name: string;
  handler: string;
  entry: string; // relative to ROOT
  environment: Record<string, string>;
}

export interface ServiceConfig {
  stage: string;
  /** custom.esbuild exactly as printed by the framework. */
  rawEsbuild: Record<string, unknown>;
  /** What serverless-esbuild hands to esbuild, minus entryPoints/outdir. */
  esbuildOptions: BuildOptions;
  outputFileExtension: string;
  functions: FunctionSpec[];
  providerEnvironment: Record<string, string>;
}

// serverless-esbuild 1.57 deletes these plugin-only keys before calling esbuild (dist/bundle.js).
const PLUGIN_ONLY_KEYS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'config',
];
// ...and fills these when custom.esbuild leaves them out (dist/index.js DEFAULT_BUILD_OPTIONS).
const PLUGIN_DEFAULTS = { bundle: true, target: 'node18', platform: 'node', outputFileExtension: '.js', exclude: ['aws-sdk'] };
const RUNTIME_TARGET: Record<string, string> = { 'nodejs18.x': 'node18', 'nodejs20.x': 'node20', 'nodejs22.x': 'node22' };
const RESOLVE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs', '.tsx', '.jsx'];

/**
 * `custom.esbuild.plugins` as serverless-esbuild 1.57 resolves it (dist/index.js `get plugins()`): an array as is, or a
 * path relative to the service directory to a file that exports the array (`default` of an ES module). A file that
 * exports a function of the serverless instance is not supported here: the bench has no serverless instance.
 */
const loadPlugins = (plugins: unknown): Plugin[] => {
  if (plugins === undefined) return [];
  if (Array.isArray(plugins)) return plugins as Plugin[];
  if (typeof plugins !== 'string') throw new Error(`custom.esbuild.plugins: expected a path or an array, got ${typeof plugins}`);
  let loaded = createRequire(import.meta.url)(path.join(ROOT, plugins)) as unknown;
  if (loaded && typeof loaded === 'object' && '__esModule' in loaded && 'default' in loaded) loaded = loaded.default;
  if (!Array.isArray(loaded)) throw new Error(`custom.esbuild.plugins: ${plugins} must export an array of esbuild plugins`);
  return loaded as Plugin[];
};

const stringsOnly = (env: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((env ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));

const entryOf = (handler: string): string => {
  const base = handler.slice(0, handler.lastIndexOf('.'));
  const ext = RESOLVE_EXTENSIONS.find((e) => existsSync(path.join(ROOT, base + e)));
  if (!ext) throw new Error(`No source file for handler ${handler}`);
  return base + ext;
};

/** Reads the resolved service from the framework itself, the single source of the deployment's build options. */
export const loadServiceConfig = async (stage = 'dev'): Promise<ServiceConfig> => {
  const sls = path.join(ROOT, 'node_modules', '.bin', 'serverless');
  const { stdout } = await promisify(execFile)(sls, ['print', '--stage', stage, '--format', 'json'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const printed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    provider: { runtime?: string; environment?: unknown };
    custom?: { esbuild?: Record<string, unknown> };
    functions?: Record<string, { handler?: string; environment?: unknown }>;
  };
  const rawEsbuild = printed.custom?.esbuild ?? {};
  const runtimeTarget = RUNTIME_TARGET[printed.provider.runtime ?? ''];
  const merged: Record<string, unknown> = { ...PLUGIN_DEFAULTS, ...(runtimeTarget ? { target: runtimeTarget } : {}), ...rawEsbuild };
  const exclude = (Array.isArray(merged.exclude) ? merged.exclude : []) as string[];
  const outputFileExtension = String(merged.outputFileExtension);
  const esbuildOptions = Object.fromEntries(Object.entries(merged).filter(([k]) => !PLUGIN_ONLY_KEYS.includes(k))) as BuildOptions;
  esbuildOptions.external = [...((merged.external as string[] | undefined) ?? []), ...(exclude.includes('*') ? [] : exclude)];
  esbuildOptions.plugins = loadPlugins(merged.plugins);
  if (outputFileExtension !== '.js') esbuildOptions.outExtension = { '.js': outputFileExtension };

  const functions = Object.entries(printed.functions ?? {})
    .filter(([, fn]) => typeof fn.handler === 'string')
    .map(([name, fn]) => ({
      name,
      handler: fn.handler as string,
      entry: entryOf(fn.handler as string),
      environment: stringsOnly(fn.environment),
    }));
  return {
    stage,
    rawEsbuild,
    esbuildOptions,
    outputFileExtension,
    functions,
    providerEnvironment: stringsOnly(printed.provider.environment),
  };
};

/** Values that stand in for stage-specific ones (CloudFormation refs, real queues) so every module's config parses. */
export const BENCH_ENV: Record<string, string> = {
  STAGE: 'bench',
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'orderly-bench',
  SERVICE_VERSION: 'bench',
  CORS_ALLOWED_ORIGINS: 'http://localhost',
  HEALTH_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/q',
  QUEUE_URL_PAYMENTS: 'http://127.0.0.1:9324/000000000000/payments',
  QUEUE_URL_NOTIFICATIONS: 'http://127.0.0.1:9324/000000000000/notifications',
  PAYMENTS_DLQ_URL: 'http://127.0.0.1:9324/000000000000/payments-dlq',
  QUEUE_URL_RISK: 'http://127.0.0.1:9324/000000000000/risk',
  RISK_DLQ_URL: 'http://127.0.0.1:9324/000000000000/risk-dlq',
  NOTIFICATIONS_DLQ_URL: 'http://127.0.0.1:9324/000000000000/notifications-dlq',
  WEBSOCKET_URL: 'wss://127.0.0.1:3001/bench',
  EVENTS_PUBLISHER_FAILURE_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/events-publisher-failures',
  CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/catalog-cache-invalidation-failures',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  POWERTOOLS_TRACE_ENABLED: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * A clean child environment: the deployment's string-valued variables (provider, then function),
 * then the bench stand-ins. Nothing else leaks in from the caller's shell (no AWS_EXECUTION_ENV, NODE_OPTIONS, POWERTOOLS_DEV).
 */
export const childEnv = (service: ServiceConfig, fn?: FunctionSpec, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  ...service.providerEnvironment,
  ...(fn?.environment ?? {}),
  ...BENCH_ENV,
  ...extra,
});
