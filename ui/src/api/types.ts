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
  | UserAlias
  | { source: 'model'; alias: string; repo: string; filename: string; snapshot: string; metadata?: ModelMetadata }
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

/** A function call the model asked for; `arguments` is a JSON text (OpenAI chat completions). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: ToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/** `POST /bodhi/v1/toolsets/{id}/execute/{method}` answers 200 with one of the two (http-api.md §9.3). */
export interface ToolsetExecuteResponse {
  result?: unknown;
  error?: string;
}

// Local models (http-api.md §5.1): GGUF files of the Hugging Face cache, their metadata, user aliases.

/** What the server read from a GGUF file's header; each value is absent when the file does not say. */
export interface ModelMetadata {
  capabilities: {
    vision?: boolean;
    audio?: boolean;
    thinking?: boolean;
    tools: { function_calling?: boolean; structured_output?: boolean };
  };
  context: { max_input_tokens?: number; max_output_tokens?: number };
  architecture: { family?: string; parameter_count?: number; quantization?: string; format: string };
  chat_template?: string;
}

export interface LocalModelFile {
  repo: string;
  filename: string;
  snapshot: string;
  size?: number;
  metadata?: ModelMetadata;
}

/** OAIRequestParams: defaults a user alias applies to each chat request (server: localmodels.RequestParams). */
export interface RequestParams {
  frequency_penalty?: number;
  max_tokens?: number;
  presence_penalty?: number;
  seed?: number;
  stop?: string[];
  temperature?: number;
  top_p?: number;
  user?: string;
}

export interface UserAlias {
  source: 'user';
  id: string;
  alias: string;
  repo: string;
  filename: string;
  snapshot: string;
  request_params?: RequestParams;
  context_params?: string[];
  created_at?: string;
  updated_at?: string;
  metadata?: ModelMetadata;
}

export interface UserAliasRequest {
  alias?: string;
  repo: string;
  filename: string;
  snapshot?: string;
  request_params: RequestParams;
  context_params: string[];
}

export interface MetadataQueue {
  status: 'idle' | 'processing';
}

// Local model downloads (http-api.md §5.4).

export interface DownloadRequest {
  id: string;
  repo: string;
  filename: string;
  /** A cancelled download ends in `error` with the error "cancelled". */
  status: 'pending' | 'completed' | 'error';
  error?: string;
  created_at: string;
  updated_at: string;
  total_bytes?: number;
  downloaded_bytes: number;
  started_at?: string;
}

// User administration (http-api.md §10).

export interface UserAccessRequest {
  id: number;
  username: string;
  user_id: string;
  reviewer: string | null;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  updated_at: string;
}

export interface UserAccessRequestList {
  requests: UserAccessRequest[];
  total: number;
  page: number;
  page_size: number;
}

export interface OrgUser {
  user_id: string;
  username: string;
  first_name?: string;
  last_name?: string;
  role: string;
}

export interface UserList {
  client_id: string;
  users: OrgUser[];
  page: number;
  page_size: number;
  total_pages: number;
  total_users: number;
  has_next: boolean;
  has_previous: boolean;
}

// Toolsets (http-api.md §9).

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: unknown };
}

export interface Toolset {
  id: string;
  slug: string;
  toolset_type: string;
  description?: string | null;
  enabled: boolean;
  has_api_key: boolean;
  tools: ToolDefinition[];
  created_at: string;
  updated_at: string;
}

export interface AppToolsetConfig {
  toolset_type: string;
  name: string;
  description: string;
  enabled: boolean;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ToolsetList {
  toolsets: Toolset[];
  toolset_types: AppToolsetConfig[];
}

export interface ToolsetDefinition {
  toolset_type: string;
  name: string;
  description: string;
  tools: ToolDefinition[];
}

export type ToolsetKeyUpdate = { action: 'Keep' } | { action: 'Set'; value: string | null };

export interface CreateToolsetRequest {
  toolset_type: string;
  slug: string;
  description?: string;
  enabled: boolean;
  api_key: string;
}

export interface UpdateToolsetRequest {
  slug: string;
  description?: string;
  enabled: boolean;
  api_key: ToolsetKeyUpdate;
}

// App consent (http-api.md §11).

export type FlowType = 'redirect' | 'popup';

export interface AppAccessReview {
  id: string;
  app_client_id: string;
  app_name?: string | null;
  app_description?: string | null;
  flow_type: FlowType;
  status: 'draft' | 'approved' | 'denied' | 'failed' | 'expired';
  requested: { toolset_types: { toolset_type: string }[] };
  tools_info: { toolset_type: string; name: string; description: string; instances: Toolset[] }[];
}

export interface ToolsetApproval {
  toolset_type: string;
  status: 'approved' | 'denied';
  instance_id?: string;
}

export interface AppAccessDecision {
  status: string;
  flow_type: FlowType;
  redirect_url?: string | null;
}

// Settings (http-api.md §12).

export type SettingMetadata =
  | { type: 'string' }
  | { type: 'number'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'option'; options: string[] };

export interface SettingInfo {
  key: string;
  current_value: unknown;
  default_value: unknown;
  source: 'command_line' | 'environment' | 'settings_file' | 'default' | 'system';
  metadata: SettingMetadata;
  editable: boolean;
}
