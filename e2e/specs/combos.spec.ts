/**
 * The Combos view end to end: a real Switchyard with fake OpenAI-chat and Anthropic
 * upstreams. Creates a combo in the UI (two entries, reordered with the keyboard, a
 * strategy), saves and activates it, checks the server runs exactly what the UI shows,
 * that `auto` is served by its first entry, and saves the view in light and dark.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ComboView, StatusView } from '../../core/shared/contract.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { callApi, dashboardServer, SCREENSHOTS, TWO_ACCOUNTS } from '../support.js';

const OPENAI_MODEL = 'oa/gpt-4o-mini';
const CLAUDE_MODEL = 'an/claude-sonnet-4-5';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let fleet: Fleet;
let link: string;
let page: Page;

test.beforeAll(async ({ browser }) => {
  fleet = await startFleet(
    TWO_ACCOUNTS,
    (draft) => {
      draft.combos.push({
        name: 'primary',
        strategy: 'fallback',
        entries: [{ model: OPENAI_MODEL, weight: 1 }],
      });
      draft.routing.activeCombo = 'primary';
    },
    dashboardServer(),
  );
  link = await fleet.server.dashboardLink();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
});

function api<T>(method: string, body: unknown = {}): Promise<T> {
  return callApi<T>(fleet.url, link, method, body);
}

function comboItem(name: string) {
  return page.locator('li.combo-item').filter({ has: page.locator(`h3#combo-${name}`) });
}

async function addEntry(model: string): Promise<void> {
  const picker = page.getByLabel('Model or combo to add');
  await picker.fill(model);
  await picker.press('Enter');
}

test('the Combos view lists the saved combo with its entries and the active mark', async () => {
  await page.goto(link);
  await page.getByRole('navigation').getByRole('button', { name: 'Combos' }).click();
  const primary = comboItem('primary');
  await expect(primary).toContainText('Active');
  await expect(primary).toContainText('Fallback');
  await expect(primary).toContainText(OPENAI_MODEL);
});

test('an unserved model is refused inline with the server’s reason', async () => {
  await page.getByRole('button', { name: 'New combo' }).click();
  await page.getByLabel('Name', { exact: true }).fill('broken');
  await addEntry('zz/nope');
  await page.getByRole('button', { name: 'Save combo' }).click();
  const form = page.locator('form.editor');
  await expect(form.getByRole('alert')).toContainText("unknown model 'zz/nope'");
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
});

test('a combo made in the UI is what the server runs, and auto is served by its first entry', async () => {
  await page.getByRole('button', { name: 'New combo' }).click();
  await page.getByLabel('Name', { exact: true }).fill('ui-mix');
  await addEntry(OPENAI_MODEL);
  await addEntry(CLAUDE_MODEL);
  const entries = page.getByRole('list', { name: 'Entries', exact: true }).locator('li');
  await expect(entries).toHaveText([new RegExp(OPENAI_MODEL), new RegExp(CLAUDE_MODEL)]);

  // Weights show only for the weighted strategy.
  const strategy = page.getByLabel('Strategy');
  await strategy.selectOption('weighted');
  await expect(page.getByLabel(`Weight of ${CLAUDE_MODEL}`)).toBeVisible();
  await strategy.selectOption('round-robin');
  await expect(page.getByLabel(`Weight of ${CLAUDE_MODEL}`)).toHaveCount(0);

  // Keyboard only: the move button, then Enter; focus follows the entry to its other button.
  await page.getByRole('button', { name: `Move ${CLAUDE_MODEL} up` }).focus();
  await page.keyboard.press('Enter');
  await expect(entries).toHaveText([new RegExp(CLAUDE_MODEL), new RegExp(OPENAI_MODEL)]);
  await expect(page.getByRole('button', { name: `Move ${CLAUDE_MODEL} down` })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
    `${CLAUDE_MODEL} moved to position 1 of 2.`,
  );

  await saveScreenshots('editor');
  await page.getByRole('button', { name: 'Save combo' }).click();
  await expect(page.locator('form.editor')).toHaveCount(0);

  const shown = comboItem('ui-mix');
  await expect(shown).toContainText('Round robin');
  await expect(
    shown.getByRole('list', { name: 'Entries of ui-mix' }).locator('li code'),
  ).toHaveText([CLAUDE_MODEL, OPENAI_MODEL]);
  const saved = (await api<ComboView[]>('combos.list')).find((combo) => combo.name === 'ui-mix');
  expect(saved).toEqual({
    name: 'ui-mix',
    strategy: 'round-robin',
    entries: [
      { model: CLAUDE_MODEL, weight: 1, served: true },
      { model: OPENAI_MODEL, weight: 1, served: true },
    ],
    active: false,
  });

  await shown.getByRole('button', { name: 'Make ui-mix the active combo' }).click();
  await expect(shown).toContainText('Active');
  await expect(comboItem('primary')).not.toContainText('Active');
  expect((await api<StatusView>('status.get')).activeCombo).toBe('ui-mix');

  fleet.fakes['claude-main']?.enqueue({ reply: { text: 'hi', usage: { input: 5, output: 2 } } });
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
    body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] }),
  });
  expect(response.status).toBe(200);
  const route = response.headers.get('x-switchyard-route') ?? '';
  expect(route).toContain('account=claude-main');
  expect(route).toContain('model=claude-sonnet-4-5');
  await response.body?.cancel();
});

test('deleting asks first, and the combo is gone from the server', async () => {
  const primary = comboItem('primary');
  await primary.getByRole('button', { name: 'Delete combo primary' }).click();
  await expect(primary).toContainText('Delete combo primary? This cannot be undone.');
  await primary.getByRole('button', { name: 'Cancel' }).click();
  await primary.getByRole('button', { name: 'Delete combo primary' }).click();
  await primary.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(comboItem('primary')).toHaveCount(0);
  const names = (await api<ComboView[]>('combos.list')).map((combo) => combo.name);
  expect(names).toEqual(['ui-mix']);
  await saveScreenshots('list');
});

async function saveScreenshots(stage: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [
      ['popover', { width: 380, height: 600 }],
      ['wide', { width: 1200, height: 800 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({
        path: join(SCREENSHOTS, `combos-${stage}-${colorScheme}-${size}.png`),
        fullPage: true,
      });
    }
  }
  await page.setViewportSize({ width: 380, height: 600 });
  await page.emulateMedia({ colorScheme: 'light' });
}
