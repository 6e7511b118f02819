// Shared pieces of the browser end-to-end scenarios: environment, Chromium launch, login, screenshots, checks.
// The Go orchestrator (e2e/e2e_test.go) starts the servers and passes their URLs in the environment.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through \`make test.e2e\`)`);
  return v;
}

// The org URLs are read when a scenario uses them: the standalone setup scenario has neither.
export const env = {
  get acme() {
    return required('BODHI_E2E_ACME'); // http://acme.localhost:<port>
  },
  get globex() {
    return required('BODHI_E2E_GLOBEX');
  },
  password: required('BODHI_E2E_PASSWORD'),
  provider: process.env.BODHI_E2E_PROVIDER ?? '', // the fake OpenAI provider, ending in /v1
  exaKey: process.env.BODHI_E2E_EXA_KEY ?? '', // the API key to give the Exa toolset (checked at the fake Exa)
  downloadName: process.env.BODHI_E2E_DOWNLOAD_NAME ?? '', // the catalogue model the setup downloads (fake hub)
  exaTitle: process.env.BODHI_E2E_EXA_TITLE ?? '', // the title of the fake Exa's one search result
  artifacts: process.env.BODHI_E2E_ARTIFACTS ?? 'e2e/artifacts',
  chromium: process.env.BODHI_E2E_CHROMIUM ?? '/usr/bin/chromium',
};

export const TIMEOUT = 15_000;

/** Throws with message unless ok. */
export function check(ok, message) {
  if (!ok) throw new Error(`check failed: ${message}`);
}

/** Polls fn until it returns a truthy value, or throws message after TIMEOUT. */
export async function until(fn, message, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${message} (last value: ${JSON.stringify(last)})`);
}

/** Saves a full-page screenshot as <artifacts>/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(env.artifacts, { recursive: true });
  await page.screenshot({ path: join(env.artifacts, `${name}.png`), fullPage: true });
}

/** The page's header (banner landmark), where the org name or the org switcher sits. */
export const header = (page) => page.getByRole('banner');

/**
 * Signs username in at org base URL through the identity provider's form and waits for the app's shell. When the
 * provider still has a session (a second org), it redirects straight back without showing the form.
 */
export async function login(page, base, username) {
  await page.goto(`${base}/ui/login`);
  await completeLogin(page, username);
}

/**
 * From a page that is on its way to the provider (or back, or on the org's login page, as after switching to an org
 * without a session), clicks Login and fills the provider's form where shown; waits for the app's shell.
 */
export async function completeLogin(page, username) {
  const loginButton = page.getByRole('button', { name: 'Login' });
  const form = page.locator('#username');
  const shell = page.getByRole('navigation', { name: 'Main' });
  await loginButton.or(form).or(shell).first().waitFor();
  if (await loginButton.isVisible()) {
    await loginButton.click();
    await form.or(shell).first().waitFor();
  }
  if (await form.isVisible()) {
    await form.fill(username);
    await page.locator('#password').fill(env.password);
    await page.locator('#kc-login').click();
  }
  await shell.waitFor();
}

/**
 * Makes page report every Content-Security-Policy violation to violations: a securitypolicyviolation listener
 * registered before any page script (reporting through an exposed binding, which survives navigations), and
 * Chromium's own console messages.
 */
async function watchPolicy(page, violations) {
  await page.exposeBinding('__bodhiPolicyViolation', ({ frame }, text) => violations.push(`${frame.url()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
      window.__bodhiPolicyViolation(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'}${where}`);
    });
  });
  // Chromium words these "Refused to …", or in newer versions "… violates the following Content Security Policy …"
  const refusal = /^Refused to|violates the following Content Security Policy/;
  page.on('console', (m) => refusal.test(m.text()) && violations.push(`${page.url()}: ${m.text()}`));
}

/**
 * Runs a scenario with a headless Chromium; scenario(browser, newPage) gets a factory of pages, each in its own
 * context (one per user: cookies are not shared). A scenario also fails when the browser refused anything under the
 * web app's Content-Security-Policy: the policy must allow exactly what the app does. On failure each page is
 * screenshotted as FAILED-<name>-<n>.png and the browser console errors are printed; the process exits non-zero.
 */
export async function scenario(name, body) {
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: env.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    ],
  });
  const pages = [];
  const consoleErrors = [];
  const violations = [];
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    await watchPolicy(page, violations);
    pages.push(page);
    return page;
  };
  try {
    await body(newPage);
    // a round trip per page delivers violation reports still on their way
    await Promise.all(pages.map((p) => p.evaluate(() => 0).catch(() => {})));
    check(violations.length === 0, 'the browser refused something under the Content-Security-Policy (listed below)');
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    console.error(`FAIL ${name}: ${err.stack ?? err}`);
    for (const [i, page] of pages.entries()) {
      console.error(`  page ${i}: ${page.url()}`);
      await screenshot(page, `FAILED-${name}-${i}`).catch(() => {});
    }
    if (consoleErrors.length) console.error(`  browser console errors:\n    ${consoleErrors.join('\n    ')}`);
    if (violations.length) console.error(`  Content-Security-Policy violations:\n    ${violations.join('\n    ')}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
