// App consent with hostile return addresses (hardening): alice, admin at acme, decides app access requests on the
// review page. Two were stored with a javascript: return address, as a server without the redirect_url check
// stored them; whatever the server hands back, Deny and Approve leave the browser on the org's page with the script
// not run, and the page says what happened. A third, made through the API with a loopback http:// address, still
// returns the browser to the app with ?id=.
import { env, check, login, required, scenario, screenshot } from './helpers.mjs';

const consent = {
  denyId: required('BODHI_E2E_CONSENT_DENY_ID'),
  approveId: required('BODHI_E2E_CONSENT_APPROVE_ID'),
  goodId: required('BODHI_E2E_CONSENT_GOOD_ID'),
  reviewUrl: required('BODHI_E2E_CONSENT_REVIEW_URL'),
  callback: required('BODHI_E2E_CONSENT_CALLBACK'), // http://localhost:<port>/app-callback
};

/** Decides a hostile request with button; checks that its script never ran and the page explains the outcome. */
async function decideHostile(page, dialogs, id, button, shot) {
  const review = `${env.acme}/ui/apps/access-requests/review?id=${id}`;
  await page.goto(review);
  await page.getByText('wants to use this server on your behalf').waitFor();
  const answered = page.waitForResponse(
    (r) => r.url().includes(`/bodhi/v1/access-requests/${id}/`) && r.request().method() !== 'GET',
  );
  await page.getByRole('button', { name: button }).click();
  const reply = await answered;
  const decision = await reply.json();
  const done = page.getByTestId('review-done');
  const failed = page.getByTestId('review-error');
  await done.or(failed).first().waitFor();
  // a navigation to the hostile URL would have started by now; give a late one a moment before looking
  await page.waitForTimeout(500);

  check(page.url() === review, `the browser left the review page for ${page.url()}`);
  check((await page.evaluate(() => window.__pwned)) === undefined, 'the return address ran: window.__pwned is set');
  check((await page.title()) !== 'pwned', 'the return address ran: the title is "pwned"');
  check(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);

  if (reply.ok()) {
    const outcome = (await done.textContent()) ?? '';
    check(outcome.includes(`Request ${decision.status}.`), `${button}: outcome "${outcome}", answer ${reply.status()}`);
    if (decision.redirect_url) {
      // the server handed the hostile address back: the page refused it and says so
      const refused = (await page.getByTestId('review-unsafe-redirect').textContent()) ?? '';
      check(refused.includes('not a web address, so Bodhi did not open it'), `refusal: "${refused}"`);
    }
    console.log(`  ${button}: ${decision.status}, redirect_url ${decision.redirect_url ? 'refused' : 'not sent'}`);
  } else {
    check(await failed.isVisible(), `${button}: answer ${reply.status()} without an error on the page`);
    console.log(`  ${button}: the server refused the decision (${reply.status()} ${decision.error?.code})`);
  }
  await screenshot(page, shot);
}

await scenario('consent', async (newPage) => {
  const page = await newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await login(page, env.acme, 'alice');

  await decideHostile(page, dialogs, consent.denyId, 'Deny', 'consent-deny-hostile');
  await decideHostile(page, dialogs, consent.approveId, 'Approve', 'consent-approve-hostile');

  // A web address still works: Approve returns the browser to the app, on its own origin, with the request's id.
  await page.goto(consent.reviewUrl);
  await page.getByText('wants to use this server on your behalf').waitFor();
  await page.getByRole('button', { name: 'Approve' }).click();
  const app = new URL(consent.callback);
  await page.waitForURL((u) => u.origin === app.origin && u.pathname === app.pathname);
  const landed = new URL(page.url());
  check(landed.searchParams.get('id') === consent.goodId, `returned to ${page.url()}, want id=${consent.goodId}`);
  await page.getByRole('heading', { name: 'Back in Demo App' }).waitFor();
  check(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);
  await screenshot(page, 'consent-approve-returned');
});
