import * as z from '#shared/zod.ts';

/** The vendored Swagger UI files `GET /docs/{asset}` serves (from the pinned swagger-ui-dist package). */
export const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'docs.js': 'text/javascript; charset=utf-8',
} as const;
export type DocsAsset = keyof typeof DOCS_ASSETS;

export const isDocsAsset = (name: string): name is DocsAsset => Object.hasOwn(DOCS_ASSETS, name);

/** `GET /docs/{asset}`: only the vendored files. */
export const docsAssetPath = z.strictObject({ asset: z.enum(Object.keys(DOCS_ASSETS) as [DocsAsset, ...DocsAsset[]]) });
/** The function serves both routes: `/docs` (no asset) and `/docs/{asset}`. */
export const docsPagePath = z.partial(docsAssetPath);

/**
 * The API reference page: static HTML that loads the renderer from this API (no CDN, no inline script, so a strict
 * Content-Security-Policy holds) and renders `/openapi.json`.
 */
export const docsPage = (): string => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Orderly API reference</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/swagger-ui-standalone-preset.js"></script>
  <script src="docs/docs.js"></script>
</body>
</html>
`;

/** Boots Swagger UI on the document next to the page (relative URLs work behind any stage path). */
export const docsScript = (): string => `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', window.location.href.replace(/docs\\/?(#.*)?$/, '')).toString(),
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'list',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'BaseLayout',
  });
});
`;

/** Allows exactly what the page needs: its own scripts and styles (Swagger UI sets inline styles), data: images, fetches to itself. */
export const DOCS_CONTENT_SECURITY_POLICY: Record<string, string | false> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'font-src': "'self' data:",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  // The spine's defaults that would stop the renderer: no sandbox, no Trusted Types requirement (React sets
  // innerHTML), no forced https (the local stack is plain http), no report endpoint.
  sandbox: false,
  'require-trusted-types-for': false,
  'upgrade-insecure-requests': false,
  'report-to': false,
};
