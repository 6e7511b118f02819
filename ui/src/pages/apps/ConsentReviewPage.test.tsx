import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppAccessReview, AppAccessToolsetInstance } from '../../api/types';
import { browser } from '../../lib/browser';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const instance = (
  id: string,
  slug: string,
  extra: Partial<AppAccessToolsetInstance> = {},
): AppAccessToolsetInstance => ({
  id,
  slug,
  toolset_type: 'builtin-exa-search',
  enabled: true,
  has_api_key: true,
  tools: [],
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
  ...extra,
});

const review = (flow: 'redirect' | 'popup', status: AppAccessReview['status'] = 'draft'): AppAccessReview => ({
  id: 'ar-1',
  app_client_id: 'demo-app',
  app_name: 'Demo App',
  app_description: 'A demo',
  flow_type: flow,
  status,
  requested: { toolset_types: [{ toolset_type: 'builtin-exa-search' }] },
  tools_info: [
    {
      toolset_type: 'builtin-exa-search',
      name: 'Exa Web Search',
      description: 'Search',
      instances: [instance('ts-off', 'off', { enabled: false }), instance('ts-1', 'exa'), instance('ts-2', 'exa2')],
    },
  ],
});

function setup(r: AppAccessReview, extra: Routes = {}) {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
  const close = vi.spyOn(browser, 'close').mockImplementation(() => {});
  const result = renderApp('/ui/apps/access-requests/review?id=ar-1', {
    ...baseRoutes({ user: sessionUser('resource_user') }),
    'GET /bodhi/v1/access-requests/ar-1/review': { body: r },
    'PUT /bodhi/v1/access-requests/ar-1/approve': {
      body: {
        status: 'approved',
        flow_type: r.flow_type,
        redirect_url: r.flow_type === 'redirect' ? 'https://app.example/cb?id=ar-1' : undefined,
      },
    },
    'POST /bodhi/v1/access-requests/ar-1/deny': { body: { status: 'denied', flow_type: r.flow_type } },
    ...extra,
  });
  return { ...result, assign, close };
}

afterEach(() => vi.restoreAllMocks());

describe('ConsentReviewPage', () => {
  it('approves with the chosen instance and follows the redirect', async () => {
    const { user, fetch, assign } = setup(review('redirect'));
    const select = await screen.findByLabelText('Instance for Exa Web Search');
    expect(screen.queryByRole('option', { name: 'off' })).not.toBeInTheDocument();
    await user.selectOptions(select, 'exa2');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://app.example/cb?id=ar-1'));
    expect(fetch.to('PUT', '/bodhi/v1/access-requests/ar-1/approve')[0]!.body).toEqual({
      approved: { toolset_types: [{ toolset_type: 'builtin-exa-search', status: 'approved', instance_id: 'ts-2' }] },
    });
  });

  it('sends a denied entry when the type is unchecked', async () => {
    const { user, fetch } = setup(review('redirect'));
    await user.click(await screen.findByRole('checkbox', { name: 'Allow Exa Web Search' }));
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/access-requests/ar-1/approve')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/access-requests/ar-1/approve')[0]!.body).toEqual({
      approved: { toolset_types: [{ toolset_type: 'builtin-exa-search', status: 'denied' }] },
    });
  });

  it('denies in the popup flow and closes the window', async () => {
    const { user, fetch, close } = setup(review('popup'));
    await user.click(await screen.findByRole('button', { name: 'Deny' }));
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
    expect(fetch.to('POST', '/bodhi/v1/access-requests/ar-1/deny')).toHaveLength(1);
    expect(screen.getByTestId('review-done')).toHaveTextContent('You can close this window');
  });

  it.each([
    {
      button: 'Deny',
      route: 'POST /bodhi/v1/access-requests/ar-1/deny',
      status: 'denied',
      url: 'javascript:alert(1)//?id=ar-1',
    },
    {
      button: 'Approve',
      route: 'PUT /bodhi/v1/access-requests/ar-1/approve',
      status: 'approved',
      url: ' JavaScript:alert(1)//?id=ar-1',
    },
    {
      button: 'Approve',
      route: 'PUT /bodhi/v1/access-requests/ar-1/approve',
      status: 'approved',
      url: 'data:text/html,<script>alert(1)</script>',
    },
  ])('$button answered with redirect_url $url: stays here and says why', async ({ button, route, status, url }) => {
    const { user, assign, close } = setup(review('redirect'), {
      [route]: { body: { status, flow_type: 'redirect', redirect_url: url } },
    });
    await user.click(await screen.findByRole('button', { name: button }));
    await screen.findByTestId('review-done');
    expect(assign).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
    expect(screen.getByTestId('review-done')).toHaveTextContent(`Request ${status}.`);
    expect(screen.getByTestId('review-unsafe-redirect')).toHaveTextContent(
      "The app's return address is not a web address, so Bodhi did not open it.",
    );
  });

  it('follows a deny back to the app', async () => {
    const { user, assign } = setup(review('redirect'), {
      'POST /bodhi/v1/access-requests/ar-1/deny': {
        body: { status: 'denied', flow_type: 'redirect', redirect_url: 'http://localhost:9999/cb?id=ar-1' },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Deny' }));
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('http://localhost:9999/cb?id=ar-1'));
    expect(screen.getByTestId('review-done')).toHaveTextContent('Returning to the app');
    expect(screen.queryByTestId('review-unsafe-redirect')).not.toBeInTheDocument();
  });

  it('shows the status of a processed request', async () => {
    setup(review('popup', 'approved'));
    expect(await screen.findByTestId('review-status')).toHaveTextContent('approved');
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('shows an expired request', async () => {
    setup(review('popup'), {
      'GET /bodhi/v1/access-requests/ar-1/review': errorReply(404, 'access_request_error-expired'),
    });
    expect(await screen.findByTestId('review-error')).toHaveTextContent('has expired');
  });

  it('shows an already-processed approve', async () => {
    const { user } = setup(review('popup'), {
      'PUT /bodhi/v1/access-requests/ar-1/approve': errorReply(409, 'access_request_error-already_processed'),
    });
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByTestId('review-error')).toHaveTextContent('already been processed');
  });
});
