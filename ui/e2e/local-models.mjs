// Local models on a standalone server after its first run (setup.mjs downloaded a model at the setup step), run by
// TestBrowserStandaloneSetup against a fake Hugging Face hub and the fake llama-server:
//   1. the downloaded file gets a user alias through the alias form (from its row on Model Files), chat answers as
//      that alias with llama-server's streamed reply, and Model Files shows the file's metadata once read;
//   2. on Downloads, a gated repository's failure reads as such, and a slow download is cancelled while it runs,
//      then retried: it resumes (the Go test checks the hub got a Range request) and completes.
import { check, login, required, scenario, screenshot, until } from './helpers.mjs';

const base = required('BODHI_E2E_STANDALONE'); // http://localhost:<port>
const USER = process.env.BODHI_E2E_USER ?? 'alice';
const LOCAL_FILE = required('BODHI_E2E_LOCAL_FILE'); // the file setup.mjs downloaded
const LOCAL_FAMILY = required('BODHI_E2E_LOCAL_FAMILY'); // its general.architecture, as Model Files shows it
const ALIAS = required('BODHI_E2E_LOCAL_ALIAS');
const GATED_REPO = required('BODHI_E2E_GATED_REPO');
const GATED_FILE = required('BODHI_E2E_GATED_FILE');
const SLOW_REPO = required('BODHI_E2E_SLOW_REPO');
const SLOW_FILE = required('BODHI_E2E_SLOW_FILE');

/** Waits until the page is at path (under /ui), exactly. */
async function at(page, path) {
  await page.waitForURL((u) => u.pathname === path);
}

await scenario('local-models', async (newPage) => {
  const page = await newPage();
  const failures = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.origin === base && r.status() >= 400) failures.push(`${r.request().method()} ${u.pathname} ${r.status()}`);
  });
  await login(page, base, USER);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // 1. Model Files lists the file downloaded at the setup step; its metadata is read on request.
  await page.goto(`${base}/ui/modelfiles`);
  await page.getByRole('heading', { level: 1, name: 'Model Files' }).waitFor();
  const fileRow = page.getByRole('row').filter({ hasText: LOCAL_FILE });
  await fileRow.waitFor();
  if (!((await fileRow.textContent()) ?? '').includes(LOCAL_FAMILY)) {
    await page.getByRole('button', { name: 'Refresh metadata' }).click();
    await until(
      async () => ((await fileRow.textContent()) ?? '').includes(LOCAL_FAMILY),
      `the metadata of ${LOCAL_FILE} on Model Files`,
      30_000,
    );
  }
  const facts = (await fileRow.textContent()) ?? '';
  check(/131,072 context/.test(facts), `the file's context window is shown: ${facts}`);
  await screenshot(page, 'local-01-modelfiles');

  // Create alias from the file's row: the form starts with the file chosen.
  await fileRow.getByRole('link', { name: `Create alias for ${LOCAL_FILE}` }).click();
  await at(page, '/ui/models/new');
  await page.getByRole('heading', { level: 1 }).waitFor();
  const file = page.getByLabel('File', { exact: true });
  await until(async () => (await file.inputValue()) === LOCAL_FILE, `the form starts with ${LOCAL_FILE} chosen`);
  await page.getByLabel('Alias name', { exact: true }).fill(ALIAS);
  await screenshot(page, 'local-02-alias-form');
  await page.getByRole('button', { name: 'Create alias', exact: true }).click();
  await at(page, '/ui/models');

  // The alias is on Models, and chat offers it like an API model.
  const aliasRow = page.getByRole('row').filter({ hasText: ALIAS });
  await aliasRow.first().waitFor();
  await screenshot(page, 'local-03-models');

  await nav.getByRole('link', { name: 'Chat', exact: true }).click();
  await at(page, '/ui/chat');
  const model = page.getByLabel('Model', { exact: true });
  await model.locator(`option[value="${ALIAS}"]`).waitFor({ state: 'attached' });
  await model.selectOption(ALIAS);
  await page.getByLabel('Message').fill('Hello, local model');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.getByTestId('message-assistant').last();
  // llama-server starts for the first request (the fake takes a moment): the reply area says so meanwhile.
  await reply.getByText(`Waiting for ${ALIAS}…`).waitFor();
  await screenshot(page, 'local-04-chat-loading');
  const expected = `Hello from ${LOCAL_FILE}`;
  await until(
    async () => ((await reply.textContent().catch(() => '')) ?? '').includes(expected),
    `the streamed reply "${expected}"`,
    30_000,
  );
  await page.getByRole('button', { name: 'Send' }).waitFor(); // streaming is over
  check((await page.getByRole('alert').count()) === 0, 'no error beside the reply');
  await screenshot(page, 'local-05-chat');

  // 2. Downloads: a gated repository fails readably.
  await nav.getByRole('link', { name: 'Model Downloads' }).click();
  await at(page, '/ui/pull');
  await page.getByLabel('Repository').fill(GATED_REPO);
  await page.getByLabel('File', { exact: true }).fill(GATED_FILE);
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const gated = page.getByRole('list', { name: 'Downloads' }).getByRole('listitem').filter({ hasText: GATED_FILE });
  await gated.getByText('This repository is gated', { exact: false }).waitFor({ timeout: 20_000 });
  check(
    ((await gated.textContent()) ?? '').includes('HF_TOKEN'),
    `the gated error names HF_TOKEN: ${await gated.textContent()}`,
  );
  await screenshot(page, 'local-06-gated');

  // A slow download, cancelled once bytes have arrived, then retried: it resumes and completes.
  await page.getByLabel('Repository').fill(SLOW_REPO);
  await page.getByLabel('File', { exact: true }).fill(SLOW_FILE);
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const slow = page.getByRole('list', { name: 'Downloads' }).getByRole('listitem').filter({ hasText: SLOW_FILE });
  const bar = slow.getByRole('progressbar', { name: `Downloading ${SLOW_FILE}` });
  await bar.waitFor({ timeout: 20_000 });
  await until(async () => Number((await bar.getAttribute('value')) ?? 0) > 0, 'bytes of the slow download', 20_000);
  await screenshot(page, 'local-07-downloading');
  await slow.getByRole('button', { name: `Cancel download of ${SLOW_FILE}` }).click();
  await slow.getByText('Cancelled', { exact: true }).first().waitFor({ timeout: 20_000 });
  await screenshot(page, 'local-08-cancelled');
  await slow.getByRole('button', { name: `Retry download of ${SLOW_FILE}` }).click();
  await slow.getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
  await screenshot(page, 'local-09-resumed');

  // Both files are now on Model Files.
  await nav.getByRole('link', { name: 'Model Files', exact: true }).click();
  await at(page, '/ui/modelfiles');
  await page.getByRole('row').filter({ hasText: SLOW_FILE }).waitFor();

  check(failures.length === 0, `unexpected API errors: ${failures.join(', ')}`);
});
