import page from '../../../web/index.html' with { type: 'text' };
import script from '../../../web/app.js' with { type: 'text' };

export interface StaticFile {
  type: string;
  body: string;
}

const FILES: Record<string, StaticFile> = {
  '/demo': { type: 'text/html; charset=utf-8', body: page },
  '/demo/app.js': { type: 'text/javascript; charset=utf-8', body: script },
};

/** The live order page (web/): its HTML at /demo, its script at /demo/app.js; anything else gets the page. */
export const demoPage = async (path: string | undefined): Promise<StaticFile> => FILES[path ?? ''] ?? FILES['/demo']!;
