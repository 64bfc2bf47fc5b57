import { DOCS_CONTENT_SECURITY_POLICY, docsPagePath } from '#shared/application/ops/docs-page.ts';
import { getDocs } from '#shared/application/ops/get-docs.ts';
import { docsDeps } from '#shared/composition/ops.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

/** `GET /docs`: the API reference page; `GET /docs/{asset}`: its vendored renderer (swagger-ui-dist, pinned). */
export const handler = publicRoute(
  { schemas: { path: docsPagePath }, contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY },
  async ({ path, event }) => {
    const acceptsGzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
    const file = getDocs(await docsDeps(), { asset: path.asset, acceptsGzip });
    return {
      status: 200,
      raw: { contentType: file.contentType, body: file.body, base64: true },
      headers: {
        'cache-control': path.asset ? 'public, max-age=86400' : 'no-cache',
        ...(path.asset ? { vary: 'accept-encoding' } : {}),
        ...(file.gzip ? { 'content-encoding': 'gzip' } : {}),
      },
    };
  },
);
