import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, e2e } from '../support/e2e.ts';
import { loadDocument } from '../support/openapi-responses.ts';

// The API reference page in a real browser: Debian's chromium (`.ci/run` installs it) driven by puppeteer-core.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = join('.local', 'e2e', 'screenshots', 'docs.png');

describe('the API reference page', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('GET /openapi.json serves the committed document', async () => {
    const response = await api('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(loadDocument());
  });

  it('lists every operation of the document, loaded from this API only, without console errors', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const errors: string[] = [];
    const origin = new URL(e2e().baseUrl).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setViewport({ width: 1280, height: 900 });
    const response = await page.goto(`${e2e().baseUrl}/docs`, { waitUntil: 'networkidle0', timeout: 60_000 });
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });

    const listed = await page.$$eval('.opblock-summary', (blocks) =>
      blocks.map(
        (block) =>
          `${block.querySelector('.opblock-summary-method')?.textContent?.trim().toLowerCase()} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
      ),
    );
    const documented = Object.entries(loadDocument().paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(new Set(listed)).toEqual(new Set(documented));
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);

    mkdirSync(join('.local', 'e2e', 'screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
