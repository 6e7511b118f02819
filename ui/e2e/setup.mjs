// Standalone first run (ui.md §9.2 scenario 1): a fresh standalone server (no org yet) sends /ui/ to /ui/setup;
// naming the server registers its client at the identity provider; the first login makes its user the admin; the
// setup steps follow — a local model downloaded from a fake hub, an API model for the fake provider, an Exa toolset,
// the browser extension — and "Start Chatting" ends in chat with the new model. Run by TestBrowserStandaloneSetup.

import { audit, fromIdentityProvider, watchConsole } from './audit.mjs';
import { env, check, header, scenario, screenshot, until } from './helpers.mjs';

const base = process.env.BODHI_E2E_STANDALONE; // http://localhost:<port>

const NAME = process.env.BODHI_E2E_SERVER_NAME ?? 'My Home Bodhi Server';
const USER = process.env.BODHI_E2E_USER ?? 'alice';
const EXA_SLUG = 'exa-search'; // the slug the toolsets step pre-fills
const TYPE = 'Exa Web Search';
const MODEL = 'fake/gpt-4o';

/** Waits until the page is at path (under /ui), exactly. */
async function at(page, path) {
  await page.waitForURL((u) => u.pathname === path);
}

/** Waits for a setup step: its path and its heading. */
async function step(page, path, title) {
  await at(page, path);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

await scenario('setup', async (newPage) => {
  check(base, 'BODHI_E2E_STANDALONE is not set');
  check(env.provider, 'BODHI_E2E_PROVIDER is not set');
  check(env.exaKey, 'BODHI_E2E_EXA_KEY is not set');
  check(env.downloadName, 'BODHI_E2E_DOWNLOAD_NAME is not set');
  const page = await newPage();
  // Each step is audited as it is reached (audit.mjs: both widths and themes, axe, no sideways scroll), reloaded
  // at its own address; findings and console errors are checked at the end.
  const findings = [];
  const consoleErrors = [];
  watchConsole(page, consoleErrors);
  const auditStep = (name, path, title) =>
    audit(page, `setup-${name}`, findings, {
      load: async () => {
        await page.goto(`${base}${path}`);
        await step(page, path, title);
      },
    });
  // Every API answer of 400 and up, to compare with the ones this flow expects once it is over.
  const failures = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.origin === base && r.status() >= 400) failures.push(`${r.request().method()} ${u.pathname} ${r.status()}`);
  });

  // 1. A server without an org: /ui/ goes to the welcome page.
  await page.goto(`${base}/ui/`);
  await step(page, '/ui/setup', 'Welcome to Bodhi');
  await auditStep('welcome', '/ui/setup', 'Welcome to Bodhi');
  await screenshot(page, 'setup-01-welcome');

  // The name needs 10 characters; the form says so before anything is sent.
  const name = page.getByLabel('Server name');
  await name.fill('Too short');
  await page.getByRole('button', { name: 'Set up Bodhi' }).click();
  await page.getByText('At least 10 characters.').waitFor();
  check(new URL(page.url()).pathname === '/ui/setup', 'a short name stays on the welcome page');
  await name.fill(NAME);
  await page.getByLabel('Description (optional)').fill('The e2e standalone server');
  await screenshot(page, 'setup-01-welcome-filled');
  await page.getByRole('button', { name: 'Set up Bodhi' }).click();

  // 2. Registered: the next login becomes admin.
  await step(page, '/ui/setup/resource-admin', 'Log in to become admin');
  await screenshot(page, 'setup-02-resource-admin');
  await auditStep('resource-admin', '/ui/setup/resource-admin', 'Log in to become admin');
  // The status holds on a fresh load: the welcome page and home both lead here now.
  for (const path of ['/ui/setup', '/ui/']) {
    await page.goto(`${base}${path}`);
    await step(page, '/ui/setup/resource-admin', 'Log in to become admin');
  }
  await page.getByRole('button', { name: 'Continue with Login' }).click();

  // 3. The identity provider's form, then back to the first setup step after login.
  const form = page.locator('#username');
  await form.waitFor();
  const authorize = new URL(page.url());
  check(authorize.origin !== new URL(base).origin, `the login form is the provider's: ${authorize}`);
  // the client setup registered, with this server's callback
  const clientId = authorize.searchParams.get('client_id') ?? '';
  check(clientId.startsWith('resource-'), `client_id ${clientId}`);
  const callback = `${base}/ui/auth/callback`;
  check(
    authorize.searchParams.get('redirect_uri') === callback,
    `redirect_uri ${authorize.searchParams.get('redirect_uri')}`,
  );
  await screenshot(page, 'setup-03-idp-login');
  await form.fill(USER);
  await page.locator('#password').fill(env.password);
  await page.locator('#kc-login').click();

  // 4. Local models: the first chat model of the catalogue downloads from the (fake, slow) hub; its progress is seen
  // moving (two different percentages) until it is in the cache. Continue works meanwhile too.
  await step(page, '/ui/setup/download-models', 'Download local models');
  await auditStep('download-models', '/ui/setup/download-models', 'Download local models');
  const first = page.getByRole('button', { name: `Download ${env.downloadName}` });
  await first.waitFor();
  check(!(await first.isDisabled()), 'the download buttons are enabled on a server with downloads');
  await first.click();
  const bar = page.getByRole('progressbar', { name: `Downloading ${env.downloadName}` });
  const downloaded = page.getByText('Downloaded', { exact: true }).first();
  const seen = new Set();
  let shot = false;
  await until(
    async () => {
      const value = await bar.getAttribute('value', { timeout: 100 }).catch(() => null);
      if (value !== null && value !== '') seen.add(value);
      if (seen.size === 2 && !shot) {
        shot = true;
        await screenshot(page, 'setup-04-downloading');
      }
      return downloaded.isVisible();
    },
    `${env.downloadName} downloaded`,
    60_000,
  );
  check(seen.size >= 2, `the progress moved: percentages seen ${[...seen].join(', ')}`);
  await screenshot(page, 'setup-04-download-models');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // 5. An API model for the fake provider, with the prefix fake/ and its gpt-4o.
  await step(page, '/ui/setup/api-models', 'Connect an API model');
  await auditStep('api-models', '/ui/setup/api-models', 'Connect an API model');
  await page.getByLabel('Base URL').fill(env.provider);
  await page.getByLabel('Use a prefix').check();
  await page.getByLabel('Prefix', { exact: true }).fill('fake/');
  await page.getByRole('button', { name: 'Fetch Models' }).click(); // through Bodhi to the provider's /models
  await page.getByRole('checkbox', { name: 'gpt-4o', exact: true }).check();
  await screenshot(page, 'setup-05-api-models');
  await page.getByRole('button', { name: 'Continue', exact: true }).click(); // saves, then moves on

  // 6. Exa web search: the admin enables the type (confirming), then stores a key in the pre-filled toolset.
  await step(page, '/ui/setup/toolsets', 'Set up web search');
  await auditStep('toolsets', '/ui/setup/toolsets', 'Set up web search');
  const typeSwitch = page.getByRole('switch', { name: `Enabled: ${TYPE}` });
  await typeSwitch.waitFor();
  if (!(await typeSwitch.isChecked())) {
    await typeSwitch.click();
    const dialog = page.getByRole('dialog', { name: `Enable ${TYPE}?` });
    await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  await until(() => typeSwitch.isChecked(), `${TYPE} enabled`);
  const slug = page.getByLabel('Slug');
  check((await slug.inputValue()) === EXA_SLUG, `the pre-filled slug: ${await slug.inputValue()}`);
  await page.getByLabel('API key').fill(env.exaKey);
  check(await page.getByRole('checkbox', { name: 'Enabled' }).isChecked(), 'the new toolset is enabled');
  await screenshot(page, 'setup-06-toolsets-form');
  await page.getByRole('button', { name: 'Create toolset' }).click();
  const done = page.getByRole('list', { name: 'Your Exa toolsets' });
  await done.waitFor();
  check((await done.textContent()).includes(EXA_SLUG), `the toolset set up: ${await done.textContent()}`);
  await screenshot(page, 'setup-06-toolsets-done');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // 7. The browser extension: Chromium here has none.
  await step(page, '/ui/setup/browser-extension', 'Browser extension');
  await auditStep('browser-extension', '/ui/setup/browser-extension', 'Browser extension');
  const ext = page.getByTestId('extension-status');
  await ext.waitFor();
  check((await ext.textContent()).includes('not found'), `extension status: ${await ext.textContent()}`);
  await screenshot(page, 'setup-07-browser-extension');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // 8. Done: Start Chatting opens chat, where the API model from step 5 is offered and answers.
  await step(page, '/ui/setup/complete', 'Bodhi is ready');
  await auditStep('complete', '/ui/setup/complete', 'Bodhi is ready');
  await screenshot(page, 'setup-08-complete');
  await page.getByRole('button', { name: 'Start Chatting' }).click();
  await at(page, '/ui/chat');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  const model = page.getByLabel('Model', { exact: true });
  await model.locator(`option[value="${MODEL}"]`).waitFor({ state: 'attached' });
  await model.selectOption(MODEL);
  await page.getByLabel('Message').fill('Hello from setup');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.getByTestId('message-assistant');
  await until(async () => ((await reply.textContent().catch(() => '')) ?? '').includes('part2'), 'the streamed reply');
  await page.getByRole('button', { name: 'Send' }).waitFor(); // streaming is over
  // The shell names the server, and the user is its admin.
  await header(page).getByText(NAME, { exact: true }).waitFor();
  const menu = page.getByTestId('user-menu');
  check((await menu.textContent()).includes(USER), `user menu: ${await menu.textContent()}`);
  check((await menu.textContent()).includes('Admin'), `the first login is admin: ${await menu.textContent()}`);
  await screenshot(page, 'setup-09-chat');

  // The API model is listed under Models.
  await nav.getByRole('link', { name: 'Model Aliases' }).click();
  await at(page, '/ui/models');
  const row = page.getByRole('row', { name: new RegExp(env.provider.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });
  await row.waitFor();
  check((await row.textContent()).includes('fake/'), `model row: ${await row.textContent()}`);
  await screenshot(page, 'setup-10-models');

  // Set up is over: its first two pages now send the admin to chat.
  for (const path of ['/ui/setup', '/ui/setup/resource-admin']) {
    await page.goto(`${base}${path}`);
    await at(page, '/ui/chat');
    await nav.waitFor();
  }

  check(failures.length === 0, `unexpected API errors: ${failures.join(', ')}`);
  findings.push(...consoleErrors.filter((e) => !fromIdentityProvider(e)).map((e) => `console error: ${e}`));
  check(findings.length === 0, `${findings.length} findings:\n  ${findings.join('\n  ')}`);
});
