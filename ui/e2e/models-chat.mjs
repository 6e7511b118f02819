// Scenario 3: alice adds an API model for the fake provider, then chats with it and watches the reply stream in;
// over five turns the newest reply stays in view, Copy copies it, and the page works in dark and at phone width.
// The five turns are then counted on the Usage page.
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
  // the provider's usage chunk (asked for with stream_options) came through the gateway
  await reply.getByTestId('message-usage').getByText('12 total tokens', { exact: false }).waitFor();
  await screenshot(page, 'chat');

  // A longer conversation: the newest reply stays in view without scrolling by hand.
  const replies = page.getByTestId('message-assistant');
  for (let turn = 2; turn <= 5; turn++) {
    await page.getByLabel('Message').fill(`Question number ${turn}`);
    await page.keyboard.press('Enter'); // Enter sends
    await until(async () => (await replies.count()) === turn, `reply ${turn}`);
    await until(async () => ((await replies.last().textContent()) ?? '').includes('part4'), `reply ${turn} in full`);
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }
  const newest = replies.last();
  const inView = async () => {
    const box = await newest.boundingBox();
    const scroller = await page.getByTestId('chat-scroller').boundingBox();
    const viewport = page.viewportSize();
    return (
      !!box &&
      !!scroller &&
      box.y >= scroller.y - 1 &&
      box.y + box.height <= scroller.y + scroller.height + 1 &&
      box.y + box.height <= viewport.height
    );
  };
  await until(inView, 'the newest reply inside the message list and the window');
  check(
    await page.getByTestId('chat-scroller').evaluate((el) => el.scrollHeight > el.clientHeight),
    'five turns overflow the message list (else being in view proves nothing)',
  );

  // Copy puts the reply's text on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.acme });
  await newest.getByRole('button', { name: 'Copy' }).click();
  await newest.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied.trim() === full, `copied "${copied}"`);
  await screenshot(page, 'chat-long');

  // The same conversation in the dark theme (the choice is kept in localStorage and applied before paint).
  await page.evaluate(() => localStorage.setItem('bodhi-theme', 'dark'));
  await page.reload();
  await replies.last().waitFor();
  await until(inView, 'the newest reply in view after a reload');
  await screenshot(page, 'chat-dark');
  await page.evaluate(() => localStorage.removeItem('bodhi-theme'));

  // At phone width the history pane hides behind a button and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await replies.last().waitFor();
  const history = page.getByRole('navigation', { name: 'Chat history' });
  check(!(await history.isVisible()), 'the history pane starts hidden on a phone');
  const chatFits = await page
    .getByRole('region', { name: 'Conversation' })
    .evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
  check(chatFits, 'the conversation fits 390 px without sideways scrolling');
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(`  at 390 px the document is ${pageWidth} px wide`);
  await page.getByRole('button', { name: 'Show chat history' }).click();
  await history.waitFor();
  await screenshot(page, 'chat-phone-history');
  await page.getByRole('button', { name: 'Close chat history' }).click();
  await screenshot(page, 'chat-phone');

  // The five turns show on the Usage page. Usage is written within about a second of each answer: wait for the
  // report to count them (through the API, as the page asks), then look at the page.
  await page.setViewportSize({ width: 1280, height: 800 });
  const counted = () =>
    page.evaluate(async () => {
      const r = await fetch('/bodhi/v1/usage?group_by=model&page_size=1000');
      const body = await r.json();
      return body.data?.find((m) => m.model === 'fake/gpt-4o')?.requests ?? 0;
    });
  await until(async () => (await counted()) >= 5, 'the five chat requests in the usage report', 15_000);
  await nav.getByRole('link', { name: 'Usage' }).click();
  await page.getByLabel('Period', { exact: true }).selectOption('24h');
  await page.waitForURL('**/ui/usage?period=24h');
  // the fake provider reports 12 tokens per answer: 5 requests, no error, 60 tokens
  const usageRow = page.getByTestId('usage-top-models').getByRole('row', { name: /fake\/gpt-4o/ });
  await until(
    async () => (await usageRow.getByRole('cell').allTextContents()).join(' | ') === 'fake/gpt-4o | 5 | 0 | 60',
    'fake/gpt-4o with 5 requests, 0 errors and 60 tokens on the Usage page',
  );
  await screenshot(page, 'usage');
});
