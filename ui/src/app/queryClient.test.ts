import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError';
import { paths } from '../api/paths';
import { createOrgErrorStore } from './orgErrorStore';
import { createQueryClient } from './queryClient';

function setup() {
  const orgErrors = createOrgErrorStore();
  const toSetup = vi.fn();
  const client = createQueryClient({ orgErrors, toSetup }, { retry: false });
  const fail = (err: ApiError) =>
    client.fetchQuery({ queryKey: ['/x'], queryFn: () => Promise.reject(err) }).catch(() => undefined);
  return { orgErrors, toSetup, client, fail };
}

describe('global error routing', () => {
  it.each(['org_error-not_found', 'org_error-suspended', 'org_error-missing'])(
    '%s sets the org error',
    async (code) => {
      const { orgErrors, fail, toSetup } = setup();
      await fail(new ApiError(404, { code }));
      expect(orgErrors.get()?.code).toBe(code);
      expect(toSetup).not.toHaveBeenCalled();
    },
  );

  it('org_error-not_configured goes to setup, from a query or a mutation', async () => {
    const { orgErrors, fail, toSetup, client } = setup();
    await fail(new ApiError(500, { code: 'org_error-not_configured' }));
    expect(toSetup).toHaveBeenCalledTimes(1);
    const m = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new ApiError(500, { code: 'org_error-not_configured' })),
    });
    await m.execute(undefined).catch(() => undefined);
    expect(toSetup).toHaveBeenCalledTimes(2);
    expect(orgErrors.get()).toBeNull();
  });

  it('a 401 invalidates the user query', async () => {
    const { client, fail } = setup();
    client.setQueryData([paths.user], { auth_status: 'logged_in' });
    await fail(new ApiError(401, { code: 'authentication_error' }));
    expect(client.getQueryState([paths.user])?.isInvalidated).toBe(true);
  });

  it('leaves other errors to the page', async () => {
    const { orgErrors, fail, toSetup } = setup();
    await fail(new ApiError(400, { code: 'obj_validation_error-validation_errors' }));
    expect(orgErrors.get()).toBeNull();
    expect(toSetup).not.toHaveBeenCalled();
  });
});
