import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BUILD_DIR, ROOT, type FunctionSpec, type ServiceConfig } from './config.ts';
import { q, type Quantity } from './stats.ts';
import { fmt, renderTable, verdict } from './table.ts';

export interface BundleTarget {
  name: string;
  kind: 'function' | 'baseline';
  entry: string; // relative to ROOT
  outfile: string; // absolute
  fn?: FunctionSpec;
  bytes: number;
  gzipBytes: number;
  packages: PackageShare[];
}

export interface PackageShare {
  name: string;
  bytes: number;
}

/**
 * The bare client is the reference of issue 13's targets as the SDK ships it, with its default credential chain; the
 * functions' bundles swap that chain for the environment-only provider (infra/esbuild/lambda-credentials.ts), one
 * of the levers the issue names. The same bare client with that swap is reported beside it, not used as reference.
 */
export const BASELINES = [
  { name: 'baseline:empty', entry: 'bench/baselines/empty.ts', sdkCredentialChain: false },
  { name: 'baseline:bare-dynamodb-client', entry: 'bench/baselines/bare-dynamodb-client.ts', sdkCredentialChain: true },
  { name: 'baseline:bare-dynamodb-client-env-credentials', entry: 'bench/baselines/bare-dynamodb-client.ts', sdkCredentialChain: false },
] as const;
export const BARE_CLIENT = 'baseline:bare-dynamodb-client';
const CREDENTIAL_CHAIN = '@aws-sdk/credential-provider-node';

/**
 * The deployment's esbuild options. Baselines are the SDK as it ships: without our esbuild plugins (infra/esbuild/plugins.cjs,
 * which trim the SDK too), and without the credential alias when they keep the SDK's own chain.
 */
const optionsFor = (
  options: esbuild.BuildOptions,
  spec: { kind: 'function' | 'baseline'; sdkCredentialChain: boolean },
): esbuild.BuildOptions => {
  if (spec.kind === 'function') return options;
  if (!spec.sdkCredentialChain || !options.alias) return { ...options, plugins: [] };
  const { [CREDENTIAL_CHAIN]: _swapped, ...alias } = options.alias;
  return { ...options, alias, plugins: [] };
};

/** `node_modules/@aws-sdk/client-dynamodb/dist-es/x.js` → `@aws-sdk/client-dynamodb`; own code → `(own code)`. */
export const packageOf = (input: string): string => {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.startsWith('<') ? '(esbuild runtime)' : '(own code)';
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
};

const sharesOf = (metafile: esbuild.Metafile, outfile: string): PackageShare[] => {
  const key = path.relative(ROOT, outfile);
  const output = metafile.outputs[key] ?? Object.values(metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
};

/** Builds every function and both baselines with the deployment's esbuild options, one output file each. */
export const buildBundles = async (service: ServiceConfig): Promise<BundleTarget[]> => {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  const specs = [
    ...service.functions.map((fn) => ({ name: fn.name, kind: 'function' as const, entry: fn.entry, fn, sdkCredentialChain: false })),
    ...BASELINES.map((b) => ({ ...b, kind: 'baseline' as const, fn: undefined })),
  ];
  return Promise.all(
    specs.map(async (spec) => {
      const fileBase = spec.name.replace(/[^A-Za-z0-9_-]/g, '-');
      const result = await esbuild.build({
        ...optionsFor(service.esbuildOptions, spec),
        absWorkingDir: ROOT,
        entryPoints: { [fileBase]: spec.entry },
        outdir: BUILD_DIR,
        metafile: true,
        logLevel: 'silent',
      });
      const outKey = Object.keys(result.metafile.outputs).find((k) => !k.endsWith('.map'));
      if (!outKey) throw new Error(`esbuild produced no output for ${spec.name}`);
      const outfile = path.join(ROOT, outKey);
      writeFileSync(path.join(BUILD_DIR, `${fileBase}.meta.json`), JSON.stringify(result.metafile));
      const code = readFileSync(outfile);
      const target: BundleTarget = {
        name: spec.name,
        kind: spec.kind,
        entry: spec.entry,
        outfile,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        packages: sharesOf(result.metafile, outfile),
      };
      if (spec.fn) target.fn = spec.fn;
      return target;
    }),
  );
};

const kib = (bytes: number): number => bytes / 1024;

/** Issue 13: every function at most this many times the bare DynamoDB client bundle. */
export const SIZE_RATIO_TARGET = 1.5;

export const reportBundles = (bundles: BundleTarget[]) => {
  const functions = bundles.filter((b) => b.kind === 'function');
  const bare = bundles.find((b) => b.name === BARE_CLIENT);
  const bareBytes = bare?.bytes ?? Number.NaN;
  const barePackages = new Map((bare?.packages ?? []).map((p) => [p.name, p.bytes]));
  /** What a bundle carries beyond the bare client: packages it has more of, largest first. */
  const beyondBare = (b: BundleTarget) =>
    b.packages
      .map((p) => ({ name: p.name, bytes: p.bytes - (barePackages.get(p.name) ?? 0) }))
      .filter((p) => p.bytes > 512)
      .sort((x, y) => y.bytes - x.bytes);
  const ratio = (b: BundleTarget) => b.bytes / bareBytes;
  const biggest = [...functions].sort((a, b) => b.bytes - a.bytes)[0];
  const rows = bundles.map((b) => [
    b.name,
    fmt(kib(b.bytes)),
    fmt(kib(b.gzipBytes)),
    fmt(ratio(b), 2),
    b.kind === 'function' ? `${verdict(ratio(b) <= SIZE_RATIO_TARGET)} (<= ${SIZE_RATIO_TARGET}x)` : '',
    b.kind === 'function'
      ? `${fmt(kib(b.bytes - bareBytes))} KiB: ${beyondBare(b)
          .slice(0, 3)
          .map((p) => `${p.name} ${fmt(kib(p.bytes))}`)
          .join(', ')}`
      : '',
  ]);
  const top = biggest?.packages.slice(0, 5) ?? [];
  const tables = [
    renderTable(
      'Bundle size (deployment esbuild options, minified)',
      ['bundle', 'KiB', 'gzip KiB', 'x bare', 'target', 'delta vs bare client: top packages beyond it (KiB)'],
      rows,
    ),
    renderTable(
      `Top packages in the biggest bundle: ${biggest?.name ?? '-'} (${fmt(kib(biggest?.bytes ?? 0))} KiB)`,
      ['package', 'KiB', 'share'],
      top.map((p) => [p.name, fmt(kib(p.bytes)), `${fmt((100 * p.bytes) / (biggest?.bytes ?? 1))}%`]),
    ),
  ];
  const perBundle: Record<
    string,
    {
      kind: string;
      entry: string;
      bytes: number;
      size: Quantity;
      gzipSize: Quantity;
      ratioToBareClient: Quantity;
      topPackages: { name: string; size: Quantity }[];
      beyondBareClient?: { name: string; size: Quantity }[];
      pass?: boolean;
    }
  > = {};
  for (const b of bundles) {
    perBundle[b.name] = {
      kind: b.kind,
      entry: b.entry,
      bytes: b.bytes,
      size: q(kib(b.bytes), 'KiB', 2),
      gzipSize: q(kib(b.gzipBytes), 'KiB', 2),
      ratioToBareClient: q(ratio(b), 'x', 3),
      topPackages: b.packages.slice(0, 10).map((p) => ({ name: p.name, size: q(kib(p.bytes), 'KiB', 2) })),
      ...(b.kind === 'function'
        ? {
            beyondBareClient: beyondBare(b)
              .slice(0, 5)
              .map((p) => ({ name: p.name, size: q(kib(p.bytes), 'KiB', 2) })),
            pass: ratio(b) <= SIZE_RATIO_TARGET,
          }
        : {}),
    };
  }
  return {
    tables,
    results: { target: { maxRatioToBareClient: q(SIZE_RATIO_TARGET, 'x') }, biggest: biggest?.name, bundles: perBundle },
    misses: functions.filter((b) => ratio(b) > SIZE_RATIO_TARGET).map((b) => `bundle size: ${b.name}`),
  };
};
