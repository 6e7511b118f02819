import type { paths as ApiPaths } from './schema';

/** A route of the server's OpenAPI document (src/api/schema.ts): a path the server does not serve fails tsc. */
export type ApiPath = keyof ApiPaths;

// Endpoint paths; query keys are the path plus its parameters (ui.md §1).
export const paths = {
  appInfo: '/bodhi/v1/app/info',
  setup: '/bodhi/v1/setup',
  user: '/bodhi/v1/user',
  orgsCurrent: '/bodhi/v1/orgs/current',
  orgsMemberships: '/bodhi/v1/orgs/user-memberships',
  authInitiate: '/bodhi/v1/auth/initiate',
  authCallback: '/bodhi/v1/auth/callback',
  logout: '/bodhi/v1/logout',
  requestAccess: '/bodhi/v1/user/request-access',
  requestStatus: '/bodhi/v1/user/request-status',
  tokens: '/bodhi/v1/tokens',
  models: '/bodhi/v1/models',
  apiModels: '/bodhi/v1/api-models',
  apiFormats: '/bodhi/v1/api-models/api-formats',
  apiModelsTest: '/bodhi/v1/api-models/test',
  apiModelsFetch: '/bodhi/v1/api-models/fetch-models',
  oaiModels: '/v1/models',
  chatCompletions: '/v1/chat/completions',
  users: '/bodhi/v1/users',
  accessRequests: '/bodhi/v1/access-requests',
  accessRequestsPending: '/bodhi/v1/access-requests/pending',
  toolsets: '/bodhi/v1/toolsets',
  toolsetTypes: '/bodhi/v1/toolset_types',
  settings: '/bodhi/v1/settings',
  modelfiles: '/bodhi/v1/modelfiles',
  modelfilesPull: '/bodhi/v1/modelfiles/pull',
  modelsRefresh: '/bodhi/v1/models/refresh',
  queue: '/bodhi/v1/queue',
  usage: '/bodhi/v1/usage',
} as const satisfies Record<string, ApiPath>;

/** The `{name}` parameters of a path template: `'/a/{id}/b/{key}'` gives `'id' | 'key'`. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never;

/**
 * A route with path parameters, from its template in the document and a value for each parameter (URI-encoded):
 * `pathTo('/bodhi/v1/users/{user_id}/role', { user_id: id })`. Both the template and the parameter names are checked.
 */
export function pathTo<P extends ApiPath>(template: P, params: Record<PathParams<P>, string | number>): string {
  const values: Record<string, string | number> = params;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
}
