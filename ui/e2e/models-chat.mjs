// Scenario 3: alice adds an API model for the fake provider, then chats with it and watches the reply stream in.
import { env, check, login, scenario, screenshot, until } from './helpers.mjs';

await scenario('models-chat', async (newPage) => {
  check(env.provider, 'BODHI_E2E_PROVIDER is not set');
  const page = await newPage();
  await login(page, env.acme, 'alice');
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Model Aliases' }).click();
  await page.getByRole('link', { name: 'New API Model' }).click();
  await page.getByLabel('Base URL').fill(env.provider);
  await page.getByLabel('Use a prefix').check();
  await page.getByLabel('Prefix', { exact: true }).fill('fake/');
  await page.getByRole('button', { name: 'Fetch Models' }).click(); // through Bodhi to the provider's /models
  await page.getByRole('checkbox', { name: 'gpt-4o', exact: true }).check();
  await page.getByRole('button', { name: 'Create API model' }).click();

  await page.waitForURL('**/ui/models');
  const row = page.getByRole('row', { name: new RegExp(env.provider.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });
  await row.waitFor();
  check((await row.textContent()).includes('fake/'), `model row: ${await row.textContent()}`);
  await screenshot(page, 'models');

  await nav.getByRole('link', { name: 'Chat' }).click();
  const model = page.getByLabel('Model', { exact: true });
  await model.locator('option[value="fake/gpt-4o"]').waitFor({ state: 'attached' });
  await model.selectOption('fake/gpt-4o');
  await page.getByLabel('Message').fill('Hello there');
  await page.getByRole('button', { name: 'Send' }).click();

  const reply = page.getByTestId('message-assistant');
  // The provider sends part0 … part4 a moment apart: a partial reply shows before the whole one.
  const partial = await until(async () => {
    const t = (await reply.textContent().catch(() => '')) ?? '';
    return t.includes('part0') && !t.includes('part4') ? t : null;
  }, 'a partially streamed reply');
  const full = 'part0 part1 part2 part3 part4';
  await until(async () => ((await reply.textContent()) ?? '').includes(full), `the full reply "${full}"`);
  await page.getByRole('button', { name: 'Send' }).waitFor(); // streaming is over: Stop became Send again
  check((await page.getByTestId('message-user').textContent()).includes('Hello there'), 'the user message');
  console.log(`  streamed: saw "${partial.replace(/^Assistant/, '').trim()}" before "${full}"`);
  await screenshot(page, 'chat');
});
