import type { AppInfo, OrgMembership, UserResponse } from '../api/types';
import type { Routes } from './fetchMock';

export const standaloneInfo: AppInfo = {
  version: 'dev',
  commit_sha: 'unknown',
  multi_tenant: false,
  status: 'ready',
  org: { slug: 'acme', display_name: 'Acme' },
};

export const hostedInfo: AppInfo = { ...standaloneInfo, multi_tenant: true };

/** The role a logged-in user's session carries (null: none yet). */
export type SessionRole = Extract<UserResponse, { auth_status: 'logged_in' }>['role'];

export function sessionUser(role: SessionRole, username = 'alice'): UserResponse {
  return { auth_status: 'logged_in', user_id: `id-${username}`, username, role };
}

export const loggedOut: UserResponse = { auth_status: 'logged_out' };

export const acme: OrgMembership = {
  org_id: 'org-acme',
  slug: 'acme',
  display_name: 'Acme',
  role: 'resource_admin',
  url: 'http://acme.localhost:1135/ui/chat',
};

export const globex: OrgMembership = {
  org_id: 'org-globex',
  slug: 'globex',
  display_name: 'Globex',
  role: 'resource_user',
  url: 'http://globex.localhost:1135/ui/chat',
};

interface Base {
  info?: AppInfo;
  user?: UserResponse;
  memberships?: OrgMembership[];
}

/** The bootstrap calls every page makes: app/info, user, and for sessions the current org and memberships. */
export function baseRoutes({
  info = standaloneInfo,
  user = sessionUser('resource_admin'),
  memberships = [acme],
}: Base = {}): Routes {
  return {
    'GET /bodhi/v1/app/info': { body: info },
    'GET /bodhi/v1/user': { body: user },
    'GET /bodhi/v1/orgs/current': {
      body: {
        org_id: 'org-acme',
        slug: info.org?.slug ?? 'acme',
        display_name: info.org?.display_name ?? 'Acme',
        status: 'active',
      },
    },
    'GET /bodhi/v1/orgs/user-memberships': { body: memberships },
  };
}
