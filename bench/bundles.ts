import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BUILD_DIR, ROOT, type FunctionSpec, type ServiceConfig } from './config.ts';
import { q, type Quantity } from './stats.ts';
import { fmt, renderTable, verdict } from './table.ts';

export const SIZE_TARGET_KIB = 400;

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

export const BASELINES = [
  { name: 'baseline:empty', entry: 'bench/baselines/empty.ts' },
  { name: 'baseline:bare-dynamodb-client', entry: 'bench/baselines/bare-dynamodb-client.ts' },
] as const;
export const BARE_CLIENT = 'baseline:bare-dynamodb-client';

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
    ...service.functions.map((fn) => ({ name: fn.name, kind: 'function' as const, entry: fn.entry, fn })),
    ...BASELINES.map((b) => ({ ...b, kind: 'baseline' as const, fn: undefined })),
  ];
  return Promise.all(
    specs.map(async (spec) => {
      const fileBase = spec.name.replace(/[^A-Za-z0-9_-]/g, '-');
      const result = await esbuild.build({
        ...service.esbuildOptions,
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

export const reportBundles = (bundles: BundleTarget[]) => {
  const functions = bundles.filter((b) => b.kind === 'function');
  const biggest = [...functions].sort((a, b) => b.bytes - a.bytes)[0];
  const rows = bundles.map((b) => [
    b.name,
    fmt(kib(b.bytes)),
    fmt(kib(b.gzipBytes)),
    b.kind === 'function' ? `${verdict(kib(b.bytes) <= SIZE_TARGET_KIB)} (<= ${SIZE_TARGET_KIB})` : '',
  ]);
  const top = biggest?.packages.slice(0, 5) ?? [];
  const tables = [
    renderTable('Bundle size (deployment esbuild options, minified)', ['bundle', 'KiB', 'gzip KiB', 'target'], rows),
    renderTable(
      `Top packages in the biggest bundle: ${biggest?.name ?? '-'} (${fmt(kib(biggest?.bytes ?? 0))} KiB)`,
      ['package', 'KiB', 'share'],
      top.map((p) => [p.name, fmt(kib(p.bytes)), `${fmt((100 * p.bytes) / (biggest?.bytes ?? 1))}%`]),
    ),
  ];
  const perBundle: Record<
    string,
    { kind: string; entry: string; size: Quantity; gzipSize: Quantity; topPackages: { name: string; size: Quantity }[]; pass?: boolean }
  > = {};
  for (const b of bundles) {
    perBundle[b.name] = {
      kind: b.kind,
      entry: b.entry,
      size: q(kib(b.bytes), 'KiB', 2),
      gzipSize: q(kib(b.gzipBytes), 'KiB', 2),
      topPackages: b.packages.slice(0, 10).map((p) => ({ name: p.name, size: q(kib(p.bytes), 'KiB', 2) })),
      ...(b.kind === 'function' ? { pass: kib(b.bytes) <= SIZE_TARGET_KIB } : {}),
    };
  }
  return {
    tables,
    results: { target: { maxSize: q(SIZE_TARGET_KIB, 'KiB') }, biggest: biggest?.name, bundles: perBundle },
    misses: functions.filter((b) => kib(b.bytes) > SIZE_TARGET_KIB).map((b) => `bundle size: ${b.name}`),
  };
};
