import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { adminToken, api, e2e } from '../support/e2e.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), '.artifacts', 'browser');
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('the live order page in headless Chromium', () => {
  it('signs in as the seeded customer, places an order and shows it reach PAID without a reload', async () => {
    const { baseUrl, accounts } = e2e();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && (navigations += 1));

    // Its own product, so the test does not depend on what other files created or sold out: named to sort first, so
    // it is on the page's first catalog page (the page lists 20, by name).
    const product = await api<{ id: string }>('/admin/products', {
      method: 'POST',
      token: await adminToken(),
      body: { name: `!live page ${ulid()}`, price: { amount: 1250, currency: 'EUR' }, stock: 5 },
    });
    expect(product.status).toBe(201);

    await page.goto(`${baseUrl}/demo`, { waitUntil: 'load', timeout: 60_000 });
    await page.locator('#email').fill(accounts.SEED_CUSTOMER_EMAIL);
    await page.locator('#password').fill(accounts.SEED_CUSTOMER_PASSWORD);
    await page.locator('#sign-in-button').click();
    await page.waitForFunction("document.getElementById('connection-state').textContent === 'live'", { timeout: 30_000 });
    await page.locator(`button[data-product-id="${product.body.id}"]`).click();

    await page.waitForFunction("document.getElementById('status').textContent === 'PAID'", { timeout: 30_000 });
    const events = (await page.evaluate("[...document.querySelectorAll('#events li')].map((item) => item.textContent)")) as string[];
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'live-order-paid.png'), fullPage: true });

    expect(navigations).toBe(1);
    expect(events.map((text) => /^v(\d+) (\w+)/.exec(text)?.slice(1, 3))).toEqual([
      ['1', 'OrderPlaced'],
      ['2', 'OrderUpdated'],
      ['3', 'OrderPaid'],
    ]);
    expect(problems).toEqual([]);
  });
});
