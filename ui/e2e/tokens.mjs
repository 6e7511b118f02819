// Scenario 2: alice creates an API token; it is shown once, then only its row remains.
import { env, check, login, scenario, screenshot } from './helpers.mjs';

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
});
