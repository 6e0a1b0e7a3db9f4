import type { AddressInfo } from 'node:net';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { morHash } from '../../src/api/hash';
import { ADMIN_KEY, parseXml, TestApp } from '../support/test-app';

/** EXPLORER_SCREENSHOT=docs/explorer.png saves the page after the reply came. */
const SCREENSHOT = process.env.EXPLORER_SCREENSHOT;

describe('API explorer in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let userId: number;
  /** Every request the page made: URL, body and headers. */
  const sent: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ API_EXPLORER: 'on' });
    userId = (await t.createUser({ username: 'browsed', first_name: 'Brow', last_name: 'Sed' })).id;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('request', (r) => sent.push(`${r.url()} ${r.postData() ?? ''} ${JSON.stringify(r.headers())}`));
    await page.goto(`${base}/explorer`);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

  it('lists the methods, picks user_details_get, signs, sends and shows the XML reply', async () => {
    expect(await text('#count')).toMatch(/^\d+ of \d+ methods$/);
    await page.click('button[data-method="user_details_get"]');
    expect(await text('#name')).toBe('user_details_get');
    expect(await text('#facts')).toContain('user_details');
    await page.type('#param-user_id', String(userId));
    await page.type('#key', ADMIN_KEY);
    const hash = morHash({ user_id: String(userId) }, ['user_id', 'username'], ADMIN_KEY);
    expect(await text('#hash')).toBe(hash);
    expect(await text('#curl')).toBe(`curl -X POST '${base}/billing/api/user_details_get?u=admin&user_id=${userId}&hash=${hash}'`);

    await page.click('#send');
    await page.waitForFunction("document.getElementById('status').textContent.startsWith('HTTP')");
    expect(await text('#status')).toBe('HTTP 200');
    const reply = await text('#reply');
    expect(reply).toMatch(/^<\?xml[^>]*\?>\n<page>\n {2}<pagename>Personal_details<\/pagename>\n/);
    const xml = await parseXml(reply);
    expect(xml.page.userid).toBe(String(userId));
    expect(xml.page.details.other_details.surname).toBe('Sed');
    if (SCREENSHOT) {
      await page.setViewport({ width: 1280, height: 1500 });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: SCREENSHOT });
    }
  });

  it('shows MOR\'s refusal when the key is wrong', async () => {
    await page.$eval('#key', (e) => ((e as unknown as { value: string }).value = ''));
    await page.type('#key', 'not-the-key');
    await page.click('#send');
    await page.waitForFunction("document.getElementById('reply').textContent.includes('<error>')");
    expect(await text('#reply')).toContain('<error>Incorrect hash</error>');
  });

  it('never sent the key itself', () => {
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(sent.filter((s) => s.includes(ADMIN_KEY) || s.includes('not-the-key'))).toEqual([]);
  });
});
