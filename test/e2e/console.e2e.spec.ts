import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useTestApp } from '../support/app.js';
import { collectErrors, launchChromium, seriousViolations } from '../support/browser.js';
import { ALWAYS_OPEN, ANY_HOUR } from '../support/dialer-harness.js';
import { fictional } from './support/campaign-requests.js';

/**
 * The operator console in a real Chromium, used as a person would: with API_KEYS set, so it asks
 * for the key first. Screenshots of the main pages land in docs/screenshots/.
 */
const KEY = 'console-key';
const app = useTestApp({
  API_KEYS: KEY,
  TELEPHONY_MOCK_MIN_DURATION_MS: '200',
  TELEPHONY_MOCK_MAX_DURATION_MS: '700',
  TELEPHONY_MOCK_FAILURE_RATE: '0',
});
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const key = { 'x-api-key': KEY };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let campaignId = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 820 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectErrors(page);
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });
// On a loaded machine one axe check takes seconds: each step waits for a condition, and a test gets this long.
const STEP_TIMEOUT = 60_000;
const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
const counter = (name: string) => page.locator(`[data-testid="counters"] [data-count="${name}"]`);

const csv = ['phoneNumber,name', ...Array.from({ length: 6 }, (_, i) => `${fictional(i)},Person ${i}`), `${fictional(0)},Again`, 'not-a-number,Nobody'].join('\n');

describe('the operator console, in Chromium', () => {
  it('asks for the API key on the first 401 and keeps it for the tab', async () => {
    await page.goto(app.url);
    await page.getByRole('textbox', { name: 'API key' }).fill(KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('dialstream.apiKey'))).toBe(KEY);
    await page.getByText('● Live').waitFor();
  }, STEP_TIMEOUT);

  it('creates a campaign from a CSV upload, previews it, starts it and shows it completing without a reload', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByLabel('Name').fill('Renewals by CSV');
    await page.getByLabel('Time zone').fill('UTC');
    for (const day of ['sat', 'sun']) await page.getByRole('checkbox', { name: day }).check();
    await page.locator('#start').fill('00:00');
    await page.locator('#end').fill('24:00');
    await page.locator('#recipient-start').fill('00:00');
    await page.locator('#recipient-end').fill('24:00');
    await page.getByLabel('Legal calling-hour rules').selectOption('none');
    await page.getByLabel('Concurrent calls (cap)').fill('2');
    await page.getByLabel('First retry after (ms)').fill('100');
    await page.getByLabel('…or upload a CSV').setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview' }).click();

    const preview = page.locator('.preview');
    await preview.waitFor();
    expect(await preview.locator('[data-count="valid"]').innerText()).toBe('6');
    expect(await preview.locator('[data-count="duplicates"]').innerText()).toBe('1');
    expect(await preview.locator('[data-count="invalid"]').innerText()).toBe('1');
    expect(await preview.locator('[data-count="now"]').innerText()).toBe('6');
    await expectAccessible();
    await preview.evaluate((element) => element.scrollIntoView());
    await shot('new-campaign-preview');

    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await page.getByRole('button', { name: 'Create and start' }).click();
    await page.waitForURL(/#\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = /#\/campaigns\/([\w-]+)$/.exec(page.url())![1]!;
    await page.getByRole('heading', { name: 'Renewals by CSV' }).waitFor();
    await page.locator('.page-head .badge', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    expect(await counter('completed').innerText()).toBe('6');
    expect(await counter('total').innerText()).toBe('6');
    expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.getByTestId('why-idle').getByText('Finished (completed)').waitFor();
    await expectAccessible();
    await shot('campaign');
  }, STEP_TIMEOUT);

  it("opens a call's timeline from the campaign's recent calls", async () => {
    await page.locator('table.calls a').first().click();
    await page.getByRole('heading', { name: /^Call to \+1415555010\d$/ }).waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('CallAttempted').first().waitFor();
    await timeline.getByText('CallCompleted').first().waitFor();
    await shot('call');
  }, STEP_TIMEOUT);

  it('travels back in time to the campaign before it started', async () => {
    await page.goto(`${app.url}/#/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: 'Renewals by CSV' }).waitFor();
    await page.getByLabel(/Show the campaign as of/).focus();
    await page.keyboard.press('Home');
    const asOf = page.getByTestId('as-of');
    await asOf.waitFor();
    await asOf.locator('.badge', { hasText: 'Pending' }).waitFor();
  }, STEP_TIMEOUT);

  it('pauses and resumes a running campaign, and says why nothing is dialing while paused', async () => {
    const body = { name: 'Pause me', schedule: ALWAYS_OPEN, ...ANY_HOUR, maxConcurrentCalls: 1, phoneNumbers: Array.from({ length: 30 }, (_, i) => fictional(i)) };
    const created = await app.api('POST', '/campaigns', { body, headers: key });
    await page.goto(`${app.url}/#/campaigns/${created.body.id}`);
    // The simulator's ETA (GET …/eta), before a single call was made: an assumed call each.
    await page.getByTestId('eta').getByText(/^if started now: .*\d/).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('.page-head .badge', { hasText: 'In progress' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('.page-head .badge', { hasText: 'Paused' }).waitFor();
    await page.getByTestId('why-idle').getByText('Paused: no new dials').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('.page-head .badge', { hasText: 'In progress' }).waitFor();

    // A stale edit: the form holds the version it was opened at; another client changes the campaign meanwhile.
    await page.getByRole('button', { name: 'Edit' }).click();
    const changed = await app.api('PATCH', `/campaigns/${created.body.id}`, { body: { name: 'Renamed elsewhere' }, headers: key });
    expect(changed.status).toBe(200);
    await page.getByRole('heading', { name: 'Renamed elsewhere' }).waitFor();
    await page.getByLabel('Concurrent calls (cap)').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('conflict').getByText(/changed this campaign after you loaded it/).waitFor();
    expect((await app.api('GET', `/campaigns/${created.body.id}`, { headers: key })).body.maxConcurrentCalls).toBe(1);
    await app.api('POST', `/campaigns/${created.body.id}/cancel`, { headers: key });
  }, STEP_TIMEOUT);

  it('lists campaigns with progress, and shows the do-not-call list and the system page', async () => {
    await page.goto(`${app.url}/#/campaigns`);
    await page.locator(`tr[data-campaign="${campaignId}"]`).getByText('6 / 6').waitFor();
    await expectAccessible();
    await shot('campaigns');

    await page.getByRole('link', { name: 'Do-not-call' }).click();
    await page.getByRole('textbox', { name: 'Numbers', exact: true }).fill(fictional(50));
    await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('asked not to be called');
    await page.getByRole('button', { name: 'Add to list' }).click();
    await page.getByText('Added 1, already listed 0, invalid 0.').waitFor();
    await page.getByRole('textbox', { name: 'Phone number', exact: true }).fill(fictional(50));
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('.card p').getByText('asked not to be called').waitFor();
    await expectAccessible();
    await shot('do-not-call');

    await page.getByRole('link', { name: 'System' }).click();
    await page.getByTestId('projections').getByText('campaign-stats').waitFor();
    await expectAccessible();
    await shot('system');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT);
});
