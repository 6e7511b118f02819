// Scenario 4: alice (admin) enables the Exa toolset type, creates a toolset with her key, chooses its search method
// in chat and asks a question: the model calls the tool, the call runs against the fake Exa, and the answer quotes
// its result. After a reload the chat is still there (local history).
import { env, check, login, scenario, screenshot, until } from './helpers.mjs';

const SLUG = 'exa-web';
const QUESTION = 'Search the web for the Bodhi gateway';
const TYPE = 'Exa Web Search';

/** Waits for the chat's model list, creating an API model for the fake provider if there is none yet (alone). */
async function chooseModel(page, nav) {
  const model = page.getByLabel('Model', { exact: true });
  const option = model.locator('option[value="fake/gpt-4o"]');
  await until(async () => !(await model.isDisabled()), 'the model list to load');
  if ((await option.count()) === 0) {
    // models-chat did not run before: add the model it would have added
    await nav.getByRole('link', { name: 'Model Aliases' }).click();
    await page.getByRole('link', { name: 'New API Model' }).click();
    await page.getByLabel('Base URL').fill(env.provider);
    await page.getByLabel('Use a prefix').check();
    await page.getByLabel('Prefix', { exact: true }).fill('fake/');
    await page.getByRole('button', { name: 'Fetch Models' }).click();
    await page.getByRole('checkbox', { name: 'gpt-4o', exact: true }).check();
    await page.getByRole('button', { name: 'Create API model' }).click();
    await page.waitForURL('**/ui/models');
    await nav.getByRole('link', { name: 'Chat' }).click();
  }
  await option.waitFor({ state: 'attached' });
  await model.selectOption('fake/gpt-4o');
}

/** The conversation's checks, after the reply and again after a reload. */
async function checkConversation(page, when) {
  const user = page.getByTestId('message-user');
  check((await user.count()) === 1, `${when}: ${await user.count()} user messages`);
  check((await user.textContent()).includes(QUESTION), `${when}: the user message`);

  const call = page.getByTestId('tool-call');
  check((await call.count()) === 1, `${when}: ${await call.count()} tool calls`);
  const summary = call.locator('summary');
  const name = `toolset__${SLUG}__search`;
  check((await summary.textContent()).includes(name), `${when}: the call of ${name}: ${await summary.textContent()}`);
  await call.getByText('done', { exact: true }).waitFor();
  // the call is folded: open it to show the arguments and the result
  if ((await call.getAttribute('open')) === null) await summary.click();
  const result = call.getByTestId('tool-result');
  await result.waitFor(); // visible
  check((await result.textContent()).includes(env.exaTitle), `${when}: the result: ${await result.textContent()}`);
  check((await call.textContent()).includes('bodhi gateway'), `${when}: the arguments: ${await call.textContent()}`);

  // the call's message, then the answer
  const assistant = page.getByTestId('message-assistant');
  check((await assistant.count()) === 2, `${when}: ${await assistant.count()} assistant messages`);
  const text = (await assistant.last().textContent()) ?? '';
  check(text.includes(`Top result: ${env.exaTitle}`), `${when}: the final answer: ${text}`);
  await assistant.last().scrollIntoViewIfNeeded(); // for the screenshots: the list scrolls inside the page
}

await scenario('toolset-chat', async (newPage) => {
  check(env.provider, 'BODHI_E2E_PROVIDER is not set');
  check(env.exaKey && env.exaTitle, 'BODHI_E2E_EXA_KEY or BODHI_E2E_EXA_TITLE is not set');
  const page = await newPage();
  await login(page, env.acme, 'alice');
  const nav = page.getByRole('navigation', { name: 'Main' });

  // The type is disabled for a new org: the admin enables it, after confirming.
  await nav.getByRole('link', { name: 'Toolsets' }).click();
  await page.getByRole('link', { name: 'Manage toolset types' }).click();
  const typeSwitch = page.getByRole('switch', { name: `Enabled: ${TYPE}` });
  await typeSwitch.waitFor();
  if (!(await typeSwitch.isChecked())) {
    await typeSwitch.click();
    const dialog = page.getByRole('dialog', { name: `Enable ${TYPE}?` });
    await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  await until(() => typeSwitch.isChecked(), `${TYPE} enabled`);
  await screenshot(page, 'toolset-types');

  // A toolset of that type with alice's key.
  await nav.getByRole('link', { name: 'Toolsets' }).click();
  await page.getByRole('link', { name: 'New toolset' }).click();
  check((await page.getByLabel('Type', { exact: true }).inputValue()) === 'builtin-exa-search', 'the type offered');
  await page.getByLabel('Slug').fill(SLUG);
  await page.getByLabel('API key').fill(env.exaKey);
  await page.getByRole('checkbox', { name: 'Enabled' }).check();
  await page.getByRole('button', { name: 'Create toolset' }).click();
  await page.waitForURL('**/ui/toolsets');
  const row = page.getByRole('row', { name: new RegExp(SLUG) });
  await row.waitFor();
  check((await row.textContent()).includes('Enabled'), `toolset row: ${await row.textContent()}`);
  await screenshot(page, 'toolsets');

  // Chat with the search method chosen.
  await nav.getByRole('link', { name: 'Chat' }).click();
  await chooseModel(page, nav);
  await page.getByRole('button', { name: 'Tools', exact: true }).click();
  const choice = page.getByRole('group', { name: 'Toolsets' }).getByRole('group', { name: SLUG });
  await choice.getByRole('checkbox', { name: 'search', exact: true }).check();
  await page.getByRole('button', { name: 'Tools (1)' }).waitFor();
  await screenshot(page, 'chat-tools-popover');
  await page.keyboard.press('Escape');

  await page.getByLabel('Message').fill(QUESTION);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('tool-call').waitFor(); // the model's call shows while it streams and runs
  await until(
    async () =>
      ((await page.getByTestId('message-assistant').last().textContent()) ?? '').includes(
        `Top result: ${env.exaTitle}`,
      ),
    'the answer quoting the tool result',
  );
  await page.getByRole('button', { name: 'Send' }).waitFor(); // the turn is over: Stop became Send again
  await checkConversation(page, 'after the reply');
  await screenshot(page, 'chat-tools');

  // The chat is kept in this browser: after a reload it is listed and shown again.
  await page.reload();
  const item = page.getByRole('navigation', { name: 'Chat history' }).getByTestId('chat-history-item');
  await item.first().waitFor();
  check((await item.count()) === 1, `${await item.count()} saved chats`);
  check((await item.textContent()).includes(QUESTION), `history item: ${await item.textContent()}`);
  check(
    (await item.getByRole('button', { name: QUESTION, exact: true }).getAttribute('aria-current')) === 'true',
    'the saved chat is the current one',
  );
  await page.getByTestId('tool-call').waitFor();
  await checkConversation(page, 'after a reload');
  await screenshot(page, 'chat-tools-reloaded');

  // A new chat is empty; choosing the saved one brings it back.
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByText('Send a message to start.').waitFor();
  await item.getByRole('button', { name: QUESTION, exact: true }).click();
  await checkConversation(page, 'after choosing it in the history');
});
