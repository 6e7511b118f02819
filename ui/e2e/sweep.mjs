// The responsive and accessibility sweep of the hosted web app (issue: "a web app people would choose"): every page
// at 1280×800 and 390×844 in the light and dark themes, with no sideways scrolling, no serious or critical axe-core
// violation and no browser console error, screenshots kept as sweep-<page>-<width>-<theme>.png. Runs after the
// scenarios that create data (an API model, a toolset, a chat), so the pages show rows, not only empty states.
import { VIEWPORTS, audit, fromIdentityProvider, watchConsole } from './audit.mjs';
import { check, env, header, login, scenario } from './helpers.mjs';

/** The first id in a list endpoint's data, or '' when the list is empty. */
async function firstId(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p);
    const body = await r.json();
    return (body.data ?? body.toolsets)?.[0]?.id ?? '';
  }, path);
}

/** Opens path at acme and waits for its main heading (every page has one) and the end of its first requests. */
async function open(page, path) {
  await page.goto(`${env.acme}/ui/${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => {});
}

await scenario('sweep', async (newPage) => {
  const findings = [];
  const consoleErrors = [];

  // erin has no role at acme: the request-access page, before and after asking.
  const erin = await newPage();
  watchConsole(erin, consoleErrors);
  await audit(erin, 'login', findings, { load: () => open(erin, 'login') });
  await erin.getByRole('button', { name: 'Login' }).click();
  await erin.locator('#username').fill('erin');
  await erin.locator('#password').fill(env.password);
  await erin.locator('#kc-login').click();
  await erin.waitForURL((u) => u.pathname === '/ui/request-access');
  await audit(erin, 'request-access', findings, { load: () => open(erin, 'request-access') });
  await erin.getByRole('button', { name: 'Request Access' }).click();
  await erin
    .getByText(/pending/i)
    .first()
    .waitFor();
  await audit(erin, 'request-access-pending', findings, { load: () => open(erin, 'request-access') });

  // alice, admin at acme: every page of the shell.
  const alice = await newPage();
  watchConsole(alice, consoleErrors);
  await login(alice, env.acme, 'alice');
  await header(alice).waitFor();
  const apiModel = await firstId(alice, '/bodhi/v1/api-models');
  const toolset = await firstId(alice, '/bodhi/v1/toolsets');
  check(apiModel, 'no API model at acme: the sweep runs after models-chat, which creates one');
  check(toolset, 'no toolset at acme: the sweep runs after toolset-chat, which creates one');
  const aliceId = await alice.evaluate(async () => (await (await fetch('/bodhi/v1/user')).json()).user_id);
  const pages = [
    ['chat', 'chat'],
    ['models', 'models'],
    ['api-model-new', 'api-models/new'],
    ['api-model-edit', `api-models/edit?id=${encodeURIComponent(apiModel)}`],
    ['tokens', 'tokens'],
    ['usage', 'usage'],
    ['usage-one-user', `usage?period=7d&user=${encodeURIComponent(aliceId)}`],
    ['usage-custom', 'usage?from=2020-01-01&to=2020-01-31'],
    ['toolsets', 'toolsets'],
    ['toolset-new', 'toolsets/new'],
    ['toolset-edit', `toolsets/edit?id=${encodeURIComponent(toolset)}`],
    ['toolsets-admin', 'toolsets/admin'],
    ['users', 'users'],
    ['users-pending', 'users/pending'],
    ['users-access-requests', 'users/access-requests'],
    ['settings', 'settings'],
    ['consent-unknown', 'apps/access-requests/review?id=no-such-request'],
    ['not-found', 'no-such-page'],
  ];
  for (const [name, path] of pages) {
    await audit(alice, name, findings, { load: () => open(alice, path) });
  }
  // The API reference (Swagger UI): as it opens, with GET /health tried (its response and the examples shown), and
  // with the Authorize dialog open.
  const openApiDocs = async () => {
    await open(alice, 'api-docs');
    await alice.locator('.opblock').first().waitFor();
  };
  await audit(alice, 'api-docs', findings, { load: openApiDocs });
  await audit(alice, 'api-docs-try', findings, {
    load: async () => {
      await openApiDocs();
      const health = alice.locator('.opblock-get').filter({ has: alice.locator('[data-path="/health"]') });
      await health.locator('.opblock-summary-control').click();
      await health.getByRole('button', { name: 'Try it out' }).click();
      await health.getByRole('button', { name: 'Execute' }).click();
      await health.locator('.live-responses-table .response-col_status').first().waitFor();
    },
  });
  await audit(alice, 'api-docs-authorize', findings, {
    load: async () => {
      await openApiDocs();
      await alice
        .locator('.scheme-container')
        .getByRole('button', { name: /Authorize/ })
        .click();
      await alice.getByRole('heading', { name: 'Available authorizations' }).waitFor();
    },
  });
  // the small-screen navigation: the sidebar as a sheet
  await audit(alice, 'navigation-sheet', findings, {
    viewports: [VIEWPORTS[1]],
    load: async () => {
      await open(alice, 'models');
      await alice.getByRole('button', { name: 'Open navigation' }).click();
      await alice.getByRole('dialog').getByRole('navigation', { name: 'Main' }).waitFor();
    },
  });

  // An org that does not exist: the org error screen, outside the shell.
  const stranger = await newPage();
  watchConsole(stranger, consoleErrors);
  const unknown = env.acme.replace('//acme.', '//no-such-org.');
  await audit(stranger, 'org-unknown', findings, {
    load: async () => {
      await stranger.goto(`${unknown}/ui/`);
      await stranger.getByRole('heading', { level: 1 }).first().waitFor();
    },
  });

  // Chromium logs every failed load as a console error. These answers are the API working as designed; any other
  // console error is a finding. Pages of the identity provider are not the web app's.
  const expected = [
    /\[http:\/\/acme\.localhost:\d+\/bodhi\/v1\/user\/request-status\]$/, // erin has not asked yet: 404
    /\[http:\/\/acme\.localhost:\d+\/bodhi\/v1\/access-requests\/no-such-request[^\]]*\]$/,
    /^http:\/\/no-such-org\.localhost:\d+\/.*status of 404/, // the unknown org itself
  ];
  const unexpected = consoleErrors.filter((e) => !fromIdentityProvider(e) && !expected.some((re) => re.test(e)));
  findings.push(...unexpected.map((e) => `console error: ${e}`));
  check(findings.length === 0, `${findings.length} findings:\n  ${findings.join('\n  ')}`);
});
