import { docsPage, type DocsAsset } from './docs-page.ts';

export interface DocsAssetFile {
  contentType: string;
  body: Buffer;
  gzipped: Buffer;
}

export interface GetDocsDeps {
  assets: (name: DocsAsset) => DocsAssetFile;
}

export interface DocsFile {
  contentType: string;
  /** Base64 of the bytes sent. */
  body: string;
  gzip: boolean;
}

const PAGE: DocsFile = { contentType: 'text/html; charset=utf-8', body: Buffer.from(docsPage()).toString('base64'), gzip: false };

/** The API reference page (no asset), or one file of its vendored renderer, gzip-encoded when the client accepts it. */
export const getDocs = (
  { assets }: GetDocsDeps,
  { asset, acceptsGzip }: { asset?: DocsAsset | undefined; acceptsGzip: boolean },
): DocsFile => {
  if (!asset) return PAGE;
  const file = assets(asset);
  return { contentType: file.contentType, body: (acceptsGzip ? file.gzipped : file.body).toString('base64'), gzip: acceptsGzip };
};
