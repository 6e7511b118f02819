// The sweep of the pages only a standalone server has (and the shell in standalone mode), after its first run:
// each page at 1280×800 and 390×844 in the light and dark themes, with no sideways scrolling, no serious or critical
// axe-core violation and no browser console error. The setup pages are audited by setup.mjs as it passes them.
import { audit, fromIdentityProvider, watchConsole } from './audit.mjs';
import { check, header, login, scenario } from './helpers.mjs';

const base = process.env.BODHI_E2E_STANDALONE; // http://localhost:<port>
const USER = process.env.BODHI_E2E_USER ?? 'alice';

await scenario('sweep-standalone', async (newPage) => {
  check(base, 'BODHI_E2E_STANDALONE is not set');
  const findings = [];
  const consoleErrors = [];
  const page = await newPage();
  await login(page, base, USER);
  await header(page).waitFor();
  // from here on: the identity provider's login page is not the app's (the fake one has no favicon.ico, and
  // Chromium reports its 404 as a console error when the page stays long enough to ask for it)
  watchConsole(page, consoleErrors);
  const pages = [
    ['standalone-chat', 'chat'],
    ['standalone-models', 'models'],
    ['standalone-model-new', 'models/new'],
    ['standalone-modelfiles', 'modelfiles'],
    ['standalone-pull', 'pull'],
    ['standalone-settings', 'settings'],
    ['standalone-users', 'users'],
  ];
  for (const [name, path] of pages) {
    const load = async () => {
      await page.goto(`${base}/ui/${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle').catch(() => {});
    };
    await audit(page, name, findings, { load });
  }
  findings.push(...consoleErrors.filter((e) => !fromIdentityProvider(e)).map((e) => `console error: ${e}`));
  check(findings.length === 0, `${findings.length} findings:\n  ${findings.join('\n  ')}`);
});
