// Scenario: saved chats are private to their user. At acme alice chats and logs out; bob then logs in in the same
// browser and finds nothing of hers (neither in the history nor in localStorage); alice logs back in to an empty
// history, because logging out forgot it. Runs after models-chat, which adds the fake/gpt-4o model.
import { env, check, login, scenario, screenshot, until } from './helpers.mjs';

const MODEL = 'fake/gpt-4o';
const SECRET = 'Alice private question about the merger';

/** Logs out through the user menu and, as leaving a shared computer would, ends the identity provider's session. */
async function logOut(page) {
  await page.getByTestId('user-menu').click();
  await page
    .getByTestId('logout-button')
    .or(page.getByRole('menuitem', { name: 'Log out' }))
    .first()
    .click();
  await page.waitForURL('**/ui/login**');
  // Bodhi's logout ends its own session only; the provider's single sign-on cookie would log the next person in as
  // the previous one. Cookies are not where chats are kept, so clearing them leaves localStorage as it was.
  await page.context().clearCookies();
}

const chatKeysIn = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bodhi-chat')));

async function openChat(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.getByRole('navigation', { name: 'Chat history' }).waitFor();
}

await scenario('chat-privacy', async (newPage) => {
  const page = await newPage();
  await login(page, env.acme, 'alice');
  await openChat(page);
  const model = page.getByLabel('Model', { exact: true });
  await model.locator(`option[value="${MODEL}"]`).waitFor({ state: 'attached' });
  await model.selectOption(MODEL);
  await page.getByLabel('Message').fill(SECRET);
  await page.getByRole('button', { name: 'Send' }).click();
  await until(
    async () => ((await page.getByTestId('message-assistant').textContent()) ?? '').includes('part4'),
    "alice's reply",
  );
  await page.getByRole('button', { name: 'Send' }).waitFor();
  const history = page.getByRole('navigation', { name: 'Chat history' });
  await history.getByRole('button', { name: SECRET, exact: true }).waitFor();
  const aliceKeys = await chatKeysIn(page);
  check(aliceKeys.length === 2 && aliceKeys.every((k) => k.includes(':acme:')), `alice's keys: ${aliceKeys}`);
  await screenshot(page, 'privacy-alice');

  await page.evaluate(() => localStorage.setItem('bodhi-theme', 'light'));
  await logOut(page);
  const afterLogout = await chatKeysIn(page);
  check(afterLogout.length === 0, `chat keys left after alice logged out: ${afterLogout}`);
  check(
    (await page.evaluate(() => localStorage.getItem('bodhi-theme'))) === 'light',
    'the theme choice is kept at logout',
  );

  await login(page, env.acme, 'bob');
  await openChat(page);
  await history.getByText('No saved chats yet.').waitFor();
  check(!(await page.getByText(SECRET).count()), "bob sees alice's question");
  const bobSees = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  check(!bobSees.includes(SECRET), "alice's question is still in localStorage");
  for (const key of aliceKeys) check(!bobSees.includes(key), `alice's key ${key} is still in localStorage`);
  await screenshot(page, 'privacy-bob');

  await logOut(page);
  await login(page, env.acme, 'alice');
  await openChat(page);
  await history.getByText('No saved chats yet.').waitFor();
  check(!(await page.getByText(SECRET).count()), "alice's chat came back after she logged out");
  await screenshot(page, 'privacy-alice-again');
});
