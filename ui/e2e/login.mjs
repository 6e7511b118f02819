// Scenario 1: alice logs in at acme through the identity provider's form and lands in the app under acme's name.
import { env, check, header, login, scenario, screenshot } from './helpers.mjs';

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
});
