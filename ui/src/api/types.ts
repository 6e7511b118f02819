// Response and request shapes of the routes this UI uses (http-api.md). Hand-written until the server publishes
// /api-docs/openapi.json, from which ui.md §1 wants them generated.

export type AppStatus = 'setup' | 'resource-admin' | 'ready';

export interface AppInfo {
  version: string;
  commit_sha: string;
  multi_tenant: boolean;
  status: AppStatus;
  org?: { slug: string; display_name: string };
}

export type ResourceRole = 'resource_user' | 'resource_power_user' | 'resource_manager' | 'resource_admin';

export type UserResponse =
  | { auth_status: 'logged_out' }
  | {
      auth_status: 'logged_in';
      user_id: string;
      username: string;
      first_name?: string;
      last_name?: string;
      role: string | null;
    }
  | { auth_status: 'api_token'; role: string };

export interface CurrentOrg {
  org_id: string;
  slug: string;
  display_name: string;
  status: string;
}

export interface OrgMembership {
  org_id: string;
  slug: string;
  display_name: string;
  role: string | null;
  url?: string;
}

export interface LocationResponse {
  location: string;
}

export interface Paginated<T> {
  data: T[];
  total: number;
  page: number;
  page_size: number;
}

export type TokenScope = 'scope_token_user' | 'scope_token_power_user';

export interface ApiToken {
  id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  scopes: string;
  status: 'active' | 'inactive';
  created_at: string;
  updated_at: string;
}

export interface AccessRequestStatus {
  username: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  updated_at: string;
}

export interface ApiModel {
  id: string;
  api_format: string;
  base_url: string;
  api_key_masked: string | null;
  models: string[];
  prefix: string | null;
  forward_all_with_prefix: boolean;
  created_at: string;
  updated_at: string;
}

export type ApiKeyUpdate = { action: 'keep' } | { action: 'set'; value: string | null };

export interface ApiModelRequest {
  api_format: string;
  base_url: string;
  models: string[];
  prefix: string | null;
  forward_all_with_prefix: boolean;
}

export type CreateApiModelRequest = ApiModelRequest & { api_key: string | null };
export type UpdateApiModelRequest = ApiModelRequest & { api_key: ApiKeyUpdate };

export type TestCreds = { type: 'api_key'; value: string | null } | { type: 'id'; value: string };

export interface TestPromptResponse {
  success: boolean;
  response?: string;
  error?: string;
}

export type AliasResponse =
  | {
      source: 'user';
      id: string;
      alias: string;
      repo: string;
      filename: string;
      snapshot: string;
    }
  | { source: 'model'; alias: string; repo: string; filename: string; snapshot: string }
  | {
      source: 'api';
      id: string;
      api_format: string;
      base_url: string;
      models: string[];
      prefix?: string | null;
      forward_all_with_prefix: boolean;
    };

export interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
