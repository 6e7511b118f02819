// Scenario 2: alice creates an API token; it is shown once, then only its row remains. Then the pages with forms
// are checked with axe (WCAG 2 A/AA, contrast included) on a desktop in light and on a phone in dark, where none
// may scroll sideways.
import { AxeBuilder } from '@axe-core/playwright';
import { env, check, login, scenario, screenshot } from './helpers.mjs';

async function accessible(page, what) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  check(found.length === 0, `accessibility of ${what}:\n  ${found.join('\n  ')}`);
}

const overflows = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** Each page of the forms, with what shows it has loaded. */
const FORM_PAGES = [
  ['/ui/tokens', 'API Tokens', (page) => page.getByRole('row', { name: /e2e token/ })],
  ['/ui/models', 'Models', (page) => page.getByRole('link', { name: 'New API Model' })],
  ['/ui/api-models/new', 'New API Model', (page) => page.getByLabel('Base URL')],
  ['/ui/toolsets', 'Toolsets', (page) => page.getByRole('link', { name: 'New toolset' })],
];

await scenario('tokens', async (newPage) => {
  const page = await newPage();
  await login(page, env.acme, 'alice');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API Tokens' }).click();
  await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
  await page.getByRole('button', { name: 'New API token' }).click();

  const create = page.getByRole('dialog', { name: 'New API token' });
  await create.getByLabel('Name (optional)').fill('e2e token');
  await create.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByRole('dialog', { name: 'Your new API token' });
  const token = (await shown.getByLabel('API token').textContent())?.trim() ?? '';
  check(/^bodhiapp_[A-Za-z0-9_-]{43}$/.test(token), `token shown: ${token}`);
  await screenshot(page, 'tokens-new-token');
  await shown.getByRole('button', { name: 'Done' }).click();
  await shown.waitFor({ state: 'detached' });

  await page.getByRole('row', { name: /e2e token/ }).waitFor();
  check(!(await page.content()).includes(token), 'the full token is still on the page after Done');
  await screenshot(page, 'tokens');
  // The toast saying the token was created goes first: axe is about this page, not the shell's toasts.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await accessible(page, 'the tokens page');

  await page.getByRole('button', { name: 'New API token' }).click();
  await create.getByLabel('Name (optional)').waitFor();
  await accessible(page, 'the new token dialog');
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'detached' });

  await page.evaluate(() => localStorage.setItem('bodhi-theme', 'dark'));
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, heading, loaded] of FORM_PAGES) {
    await page.goto(new URL(path, page.url()).href);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await loaded(page).waitFor();
    check(await page.evaluate(() => document.documentElement.classList.contains('dark')), `${path} is not dark`);
    check(!(await overflows(page)), `${path} scrolls sideways at 390 px`);
    await accessible(page, `${path} on a phone, dark`);
  }
  await screenshot(page, 'toolsets-phone-dark');
});
