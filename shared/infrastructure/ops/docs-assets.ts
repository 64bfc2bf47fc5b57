import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DocsAssetFile } from '#shared/application/ops/get-docs.ts';
import { DOCS_ASSETS, docsScript, type DocsAsset } from '#shared/application/ops/docs-page.ts';

const VENDOR_DIR = join('node_modules', 'swagger-ui-dist');

/**
 * Reads the vendored renderer. The function's package ships `node_modules/swagger-ui-dist/*` (serverless.yml
 * `package.patterns`), so the files sit under the task root in AWS and under the service folder offline.
 */
export const docsAssetReader = (
  roots: string[] = [process.env.LAMBDA_TASK_ROOT, process.cwd()].filter((root): root is string => Boolean(root)),
) => {
  const cache = new Map<DocsAsset, DocsAssetFile>();
  return (name: DocsAsset): DocsAssetFile => {
    const cached = cache.get(name);
    if (cached) return cached;
    let body: Buffer;
    if (name === 'docs.js') body = Buffer.from(docsScript());
    else {
      const root = roots.find((candidate) => existsSync(join(candidate, VENDOR_DIR, name)));
      if (!root) throw new Error(`docs asset ${name} is not packaged with this function`);
      body = readFileSync(join(root, VENDOR_DIR, name));
    }
    const file = { contentType: DOCS_ASSETS[name], body, gzipped: gzipSync(body) };
    cache.set(name, file);
    return file;
  };
};
