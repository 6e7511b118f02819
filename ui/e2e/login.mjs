// Scenario 1: alice logs in at acme through the identity provider's form and lands in the app under acme's name.
// Then, as acme's admin, she looks around the shell: the users and settings pages, the dark theme (kept across a
// reload), and a phone-sized window where the navigation opens from the header and no page scrolls sideways.
import { AxeBuilder } from '@axe-core/playwright';
import { env, check, header, login, scenario, screenshot } from './helpers.mjs';

/** Runs axe on the page as it is (WCAG 2 A and AA rules, contrast included); throws listing what fails. */
async function accessible(page, what) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  check(found.length === 0, `accessibility of ${what}:\n  ${found.join('\n  ')}`);
}

/** Whether the page is wider than the window (a sideways scroll of the whole page). */
const overflows = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

const isDark = (page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

await scenario('login', async (newPage) => {
  const page = await newPage();
  await login(page, env.acme, 'alice');

  const url = new URL(page.url());
  check(url.hostname === 'acme.localhost', `landed on ${url}`);
  check(url.pathname === '/ui/chat', `landed on ${url.pathname}, not /ui/chat`);
  // alice belongs to acme alone: the header shows the org's name as text, not a switcher.
  await header(page).getByText('Acme Inc', { exact: true }).waitFor();
  check((await page.getByTestId('org-switcher').count()) === 0, 'a switcher for a single-org user');
  await screenshot(page, 'login-landing');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Manage Users' }).click();
  await page.getByRole('heading', { name: 'Manage Users', level: 1 }).waitFor();
  await page.getByRole('table').waitFor();
  check(!(await overflows(page)), 'the users page scrolls sideways at 1280 px');
  await screenshot(page, 'users');
  await accessible(page, 'the users page');

  await nav.getByRole('link', { name: 'App Settings' }).click();
  await page.getByRole('heading', { name: 'App Settings', level: 1 }).waitFor();
  await page.locator('main').getByRole('region').first().waitFor();
  await screenshot(page, 'settings');
  await accessible(page, 'the settings page');

  // the sidebar folds to icons, the links keep their names, and it stays folded on the next page load
  await page.getByRole('button', { name: 'Collapse sidebar' }).click();
  await nav.getByRole('link', { name: 'Manage Users' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Expand sidebar' }).waitFor();
  await screenshot(page, 'settings-sidebar-collapsed');
  await page.getByRole('button', { name: 'Expand sidebar' }).click();

  await header(page).getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  check(await isDark(page), 'Dark chosen but the page is not dark');
  await screenshot(page, 'settings-dark');
  await accessible(page, 'the settings page, dark');
  await page.reload();
  await header(page).waitFor();
  check(await isDark(page), 'the dark theme was not kept across a reload');

  await page.setViewportSize({ width: 390, height: 844 });
  await header(page).getByRole('button', { name: 'Open navigation' }).click();
  const sheet = page.getByRole('dialog', { name: 'Navigation' });
  await screenshot(page, 'nav-sheet-phone-dark');
  check((await page.getByRole('navigation', { name: 'Main' }).count()) === 1, 'not exactly one Main navigation');
  await sheet.getByRole('link', { name: 'Manage Users' }).click();
  await sheet.waitFor({ state: 'detached' });
  await page.getByRole('table').waitFor();
  check(!(await overflows(page)), 'the users page scrolls sideways at 390 px');
  await screenshot(page, 'users-phone-dark');
  await accessible(page, 'the users page on a phone, dark');

  await header(page).getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Light' }).click();
  check(!(await isDark(page)), 'Light chosen but the page is dark');
  await page.getByRole('link', { name: 'Bodhi home' }).click();
  await page.waitForURL((u) => u.pathname === '/ui/chat');
  check(!(await overflows(page)), 'the chat page scrolls sideways at 390 px');
  await screenshot(page, 'chat-phone');
});
