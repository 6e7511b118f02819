// Scenario 5: bob, admin at acme and globex, switches between the two orgs with the header's org switcher.
import { env, completeLogin, check, header, login, scenario, screenshot } from './helpers.mjs';

async function switchTo(page, from, to) {
  await header(page)
    .getByRole('button', { name: `Organization ${from}` })
    .click();
  const list = page.getByRole('listbox', { name: 'Organization' });
  check(
    (await list.getByRole('option', { name: new RegExp(from) }).getAttribute('aria-selected')) === 'true',
    `${from} is not the selected option`,
  );
  await list.getByRole('option', { name: new RegExp(to) }).click();
}

await scenario('org-switch', async (newPage) => {
  const page = await newPage();
  await login(page, env.acme, 'bob');
  await header(page).getByRole('button', { name: 'Organization Acme Inc' }).waitFor();

  await header(page).getByRole('button', { name: 'Organization Acme Inc' }).click();
  const options = page.getByRole('listbox', { name: 'Organization' }).getByRole('option');
  const names = await options.allTextContents();
  check(names.length === 2, `options: ${names}`);
  check(
    names.some((n) => n.includes('Globex Corp') && n.includes('Admin')),
    `options: ${names}`,
  );
  await screenshot(page, 'org-switcher-open');
  await page.keyboard.press('Escape');

  // To globex: another host without a session, so its login page; the provider still knows bob (no form).
  await switchTo(page, 'Acme Inc', 'Globex Corp');
  await page.waitForURL((u) => u.hostname === 'globex.localhost');
  await completeLogin(page, 'bob');
  await header(page).getByRole('button', { name: 'Organization Globex Corp' }).waitFor();
  check(new URL(page.url()).hostname === 'globex.localhost', `on ${page.url()}`);
  await screenshot(page, 'org-switch-globex');

  // And back to acme, where bob's session is still there.
  await switchTo(page, 'Globex Corp', 'Acme Inc');
  await page.waitForURL((u) => u.hostname === 'acme.localhost');
  await header(page).getByRole('button', { name: 'Organization Acme Inc' }).waitFor();
  check(new URL(page.url()).pathname === '/ui/chat', `on ${page.url()}`);
});
