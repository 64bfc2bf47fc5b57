// Builds each handler like serverless-esbuild does (minified ESM, mainFields module/main) and prints sizes.
import { build } from 'esbuild';
import { globSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const files = globSync('functions/**/handler.ts').sort();
const out = {};
for (const file of files) {
  const r = await build({ entryPoints: [file], bundle: true, minify: true, write: false, format: 'esm', platform: 'node', target: 'node22', mainFields: ['module', 'main'], metafile: true, logLevel: 'silent',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  const code = r.outputFiles[0].contents;
  const ssm = Object.keys(r.metafile.inputs).some((p) => p.includes('client-ssm'));
  out[file.split('/').slice(1, 3).join('/')] = { bytes: code.length, gzip: gzipSync(code).length, ssm };
}
console.log(JSON.stringify(out, null, 1));
