// Scenario 6: globex has been suspended (by the Go side); its address shows the suspended-org screen, acme works.
import { env, check, scenario, screenshot } from './helpers.mjs';

await scenario('suspended', async (newPage) => {
  const page = await newPage();
  await page.goto(`${env.globex}/ui/chat`);
  const screen = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Organization suspended' }) });
  await screen.waitFor();
  check((await screen.textContent()).includes('globex'), `screen: ${await screen.textContent()}`);
  check((await page.getByRole('navigation', { name: 'Main' }).count()) === 0, 'the app shell behind the screen');
  await screenshot(page, 'suspended');

  await page.goto(`${env.acme}/ui/login`);
  await page.getByRole('heading', { name: 'Sign in to Acme Inc' }).waitFor();
});
