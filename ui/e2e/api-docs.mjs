// The API reference: carol (a power user, no admin) follows the sidebar's link to /ui/api-docs, where Swagger UI
// shows the server's OpenAPI document (fetched from /api-docs/openapi.json) with its operations. "Try it out" on
// GET /health sends the request from the page to acme's origin with her session cookie and shows the 200 it got.
// When the document also describes GET /bodhi/v1/user, trying it answers her own user: the session is hers. No
// console error and (as in every scenario) no Content-Security-Policy violation: Swagger UI's stylesheet is bundled
// CSS, and the viewer inserts no <style> element without the nonce.
import { join } from 'node:path';
import { watchConsole } from './audit.mjs';
import { check, env, login, scenario, screenshot, until } from './helpers.mjs';

/** Saves what the window shows (not the full page) as <artifacts>/<name>.png. */
const snapshot = (page, name) => page.screenshot({ path: join(env.artifacts, `${name}.png`) });

/** The operation block of method and path, its summary button, and the response status Execute shows. */
function operation(page, method, path) {
  const block = page.locator(`.opblock-${method.toLowerCase()}`).filter({
    has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
  });
  return {
    block,
    summary: block.locator('.opblock-summary-control'),
    status: block.locator('.live-responses-table .response .response-col_status'),
    body: block.locator('.live-responses-table .response .highlight-code').first(),
  };
}

/**
 * Opens the operation, presses Try it out, fills the path parameters given, presses Execute; returns the status
 * shown and the request the page sent.
 */
async function tryIt(page, method, path, params = {}) {
  const op = operation(page, method, path);
  await op.summary.click();
  await op.block.getByRole('button', { name: 'Try it out' }).click();
  let sentPath = path;
  for (const [name, value] of Object.entries(params)) {
    await op.block.locator(`tr[data-param-name="${name}"] input`).fill(value);
    sentPath = sentPath.replace(`{${name}}`, value);
  }
  const sent = page.waitForRequest((r) => new URL(r.url()).pathname === sentPath && r.method() === method);
  await op.block.getByRole('button', { name: 'Execute' }).click();
  const request = await sent;
  await op.status.first().waitFor();
  const status = (await op.status.first().textContent())?.trim();
  return { op, status, request };
}

await scenario('api-docs', async (newPage) => {
  const page = await newPage();
  const consoleErrors = [];
  watchConsole(page, consoleErrors);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await login(page, env.acme, 'carol');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API reference' }).click();
  await page.getByRole('heading', { name: 'API reference', level: 1 }).waitFor();
  check(new URL(page.url()).pathname === '/ui/api-docs', `the sidebar link led to ${page.url()}`);
  const raw = page.getByTestId('openapi-raw-link');
  check((await raw.getAttribute('href')) === '/api-docs/openapi.json', 'the raw document is linked');

  // The viewer: the document's title and every operation it describes.
  const doc = await page.evaluate(async () => (await fetch('/api-docs/openapi.json')).json());
  const viewer = page.getByTestId('api-viewer');
  await viewer.locator('.info .title').getByText(doc.info.title).first().waitFor();
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => methods.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  check(documented.length > 0, 'the document describes no operation');
  const shown = await until(async () => {
    const found = await viewer.locator('.opblock-summary').evaluateAll((els) =>
      els.map((el) => {
        const method = el.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
        const path = el.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method} ${path}`;
      }),
    );
    return found.length >= documented.length && found;
  }, 'the viewer to list every operation');
  const missing = documented.filter((o) => !shown.includes(o));
  check(missing.length === 0, `operations of the document the viewer does not show: ${missing.join(', ')}`);
  console.log(`  the viewer shows ${shown.length} operations`);
  await screenshot(page, 'api-docs');

  // Try it out: GET /health, from the page, to acme's origin, with carol's session cookie.
  const health = await tryIt(page, 'GET', '/health');
  check(health.status === '200', `GET /health answered ${health.status} in the viewer`);
  check(new URL(health.request.url()).origin === env.acme, `GET /health went to ${health.request.url()}`);
  const cookie = (await health.request.allHeaders()).cookie ?? '';
  check(/bodhiapp_session_id=/.test(cookie), `GET /health went without the session cookie (cookie: ${cookie})`);
  console.log(`  tried GET /health: ${health.status}, sent to ${health.request.url()} with the session cookie`);
  await health.op.block.locator('.live-responses-table').first().scrollIntoViewIfNeeded();
  await snapshot(page, 'api-docs-try-health');

  // A path parameter typed into Swagger UI's form (its inputs are React class components of an older React's day).
  if (documented.includes('GET /ui/{path}')) {
    const page2 = await tryIt(page, 'GET', '/ui/{path}', { path: 'chat' });
    check(page2.status === '200', `GET /ui/chat answered ${page2.status} in the viewer`);
    console.log('  tried GET /ui/{path} with path=chat: 200');
  }

  // A route that needs the session, once the document describes it: the answer is carol's own user.
  if (documented.includes('GET /bodhi/v1/user')) {
    const me = await tryIt(page, 'GET', '/bodhi/v1/user');
    check(me.status === '200', `GET /bodhi/v1/user answered ${me.status} in the viewer`);
    const body = (await me.op.body.textContent()) ?? '';
    check(body.includes('"username": "carol"') || body.includes('carol'), `GET /bodhi/v1/user showed ${body}`);
    await me.op.block.locator('.live-responses-table').first().scrollIntoViewIfNeeded();
    await snapshot(page, 'api-docs-try-user');
    console.log('  tried GET /bodhi/v1/user: 200, carol');
  } else {
    console.log('  GET /bodhi/v1/user is not in the document yet: its check waits for it');
  }

  // The dark theme reaches the viewer: its operation blocks follow html.dark.
  const summaryBackground = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('.opblock.opblock-get')).backgroundColor);
  const light = await summaryBackground();
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  const dark = await summaryBackground();
  check(light !== dark, `the GET blocks keep their colour (${light}) in the dark theme`);
  await snapshot(page, 'api-docs-try-health-dark');
  await page.evaluate(() => document.documentElement.classList.remove('dark'));

  const elsewhere = requests.filter(
    (u) => !u.startsWith(env.acme) && !u.startsWith('data:') && !/^http:\/\/127\.0\.0\.1:\d+\/realms\//.test(u),
  );
  check(elsewhere.length === 0, `the page reached outside the org's origin: ${elsewhere.join(', ')}`);
  const errors = consoleErrors.filter((e) => !/^http:\/\/127\.0\.0\.1:\d+\/realms\//.test(e));
  check(errors.length === 0, `console errors:\n    ${errors.join('\n    ')}`);
});
