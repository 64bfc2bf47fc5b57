import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fakeContext, httpEvent } from '../../../tests/support/lambda.ts';
import { handler } from './handler.ts';

const get = (path: string, asset?: string, headers: Record<string, string> = {}) =>
  handler(httpEvent({ method: 'GET', path, headers, ...(asset ? { pathParameters: { asset } } : {}) }), fakeContext());

describe('GET /docs', () => {
  it('serves a page that loads the renderer from this API only, under a CSP that lets it run', async () => {
    const response = await get('/docs');
    const html = Buffer.from(response.body!, 'base64').toString('utf8');
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(html).toContain('<script src="docs/swagger-ui-bundle.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const csp = String(response.headers?.['Content-Security-Policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/sandbox|require-trusted-types-for|upgrade-insecure-requests/);
  });

  it('serves the pinned swagger-ui-dist files, gzip-encoded when accepted', async () => {
    const plain = await get('/docs/swagger-ui.css', 'swagger-ui.css');
    const gzipped = await get('/docs/swagger-ui.css', 'swagger-ui.css', { 'accept-encoding': 'gzip, br' });
    const css = Buffer.from(plain.body!, 'base64');
    expect(plain.headers?.['content-type']).toBe('text/css; charset=utf-8');
    expect(css.toString()).toContain('.swagger-ui');
    expect(gzipped.headers?.['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.from(gzipped.body!, 'base64'))).toEqual(css);
  });

  it.each(['../package.json', 'index.html', 'swagger-ui-bundle.js.map'])('refuses any other file (%s) with a 400', async (asset) => {
    const response = await get(`/docs/${asset}`, asset);
    expect(response.statusCode).toBe(400);
  });
});
