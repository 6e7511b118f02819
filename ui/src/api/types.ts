// The request and response shapes of the routes this UI uses, under the names the app uses for them. Each is an
// alias of a type generated from the server's OpenAPI document (docs/openapi.json → src/api/schema.ts, by
// `npm run generate:api`; `npm run check:api` in `make lint` fails when schema.ts is stale). Never describe an API
// shape by hand here: when the app needs a field the document lacks, the document (package apidoc) is what changes.
// The few hand-written types below are app state, not wire shapes; each says why.
import type { components } from './schema';

type Schemas = components['schemas'];

// App, user and org (http-api.md §2–§4).

export type AppStatus = Schemas['AppStatus'];
export type AppInfo = Schemas['AppInfo'];
export type ResourceRole = Schemas['ResourceRole'];
/** `GET /bodhi/v1/user`: logged out, logged in (session), or an API token. */
export type UserResponse = Schemas['UserInfo'];
export type CurrentOrg = Schemas['CurrentOrg'];
export type OrgMembership = Schemas['OrgMembership'];
/** `{location}`: where to send the browser next (login, callback, logout). */
export type LocationResponse = Schemas['RedirectResponse'];
export type SetupRequest = Schemas['SetupRequest'];
export type SetupResponse = Schemas['SetupResponse'];

// API tokens (http-api.md §6).

export type TokenScope = Schemas['ApiTokenScope'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenPage = Schemas['PaginatedApiTokens'];
export type CreateApiTokenRequest = Schemas['CreateApiTokenRequest'];
export type CreateApiTokenResponse = Schemas['CreateApiTokenResponse'];
export type UpdateApiTokenRequest = Schemas['UpdateApiTokenRequest'];

export type AccessRequestStatus = Schemas['UserAccessRequestStatus'];

// API models (http-api.md §7).

export type ApiModel = Schemas['ApiModel'];
export type ApiModelPage = Schemas['ApiModelPage'];
export type ApiFormats = Schemas['ApiFormats'];
/** The wire protocol of an API model ('openai'). */
export type ApiFormat = Schemas['ApiModel']['api_format'];
/** What an update does with the stored API key: keep it, or set (or clear, with null) a new one. */
export type ApiKeyUpdate = Schemas['ApiKeyKeep'] | Schemas['ApiKeySet'];
export type CreateApiModelRequest = Schemas['CreateApiModelRequest'];
export type UpdateApiModelRequest = Schemas['UpdateApiModelRequest'];
/** The key to test with: a typed-in one, or the stored key of the API model with this id. */
export type TestCreds = Schemas['ApiModelCreds'];
export type TestPromptRequest = Schemas['TestApiModelRequest'];
export type TestPromptResponse = Schemas['TestApiModelResponse'];
export type FetchModelsRequest = Schemas['FetchApiModelModelsRequest'];
export type FetchModelsResponse = Schemas['FetchApiModelModelsResponse'];

// Models and chat (http-api.md §5, §8).

export type AliasResponse = Schemas['AliasResponse'];
export type AliasPage = Schemas['PaginatedAliases'];
export type OpenAIModel = Schemas['OpenAIModel'];
export type OpenAIModelList = Schemas['OpenAIModelList'];

/** A function call the model asked for; `arguments` is a JSON text (OpenAI chat completions). */
export type ToolCall = Schemas['ChatCompletionMessageToolCall'];

/** A message as `POST /v1/chat/completions` takes it. */
export type ChatRequestMessage = Schemas['ChatCompletionRequestMessage'];

/**
 * Not from the document: a conversation as the chat page keeps (and stores) it, narrower than the request's loose
 * message (any role, optional content); toWire (pages/chat/chatParams.ts) turns it into ChatRequestMessage[].
 */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: ToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/** `POST /bodhi/v1/toolsets/{id}/execute/{method}` answers 200 with a result or an error (http-api.md §9.3). */
export type ToolsetExecuteResponse = Schemas['ExecuteToolsetResponse'];
export type ExecuteToolsetRequest = Schemas['ExecuteToolsetRequest'];

// Local models (http-api.md §5.1): GGUF files of the Hugging Face cache, their metadata, user aliases.

/** What the server read from a GGUF file's header; each value is absent when the file does not say. */
export type ModelMetadata = Schemas['ModelMetadata'];
export type LocalModelFile = Schemas['LocalModelFile'];
export type LocalModelFilePage = Schemas['PaginatedLocalModelFiles'];
/** Defaults a user alias applies to each chat request, as the server answers them (localmodels.RequestParams). */
export type RequestParams = Schemas['RequestParams'];
/** The same defaults as a request sends them (each may be null). */
export type RequestParamsInput = Schemas['RequestParamsInput'];
export type UserAlias = Schemas['UserAlias'];
export type CreateUserAliasRequest = Schemas['CreateUserAliasRequest'];
export type UpdateUserAliasRequest = Schemas['UpdateUserAliasRequest'];
/** The alias form sends the one or the other: a new alias has its name, an edited one keeps it. */
export type UserAliasRequest = CreateUserAliasRequest | UpdateUserAliasRequest;
export type CopyUserAliasRequest = Schemas['CopyUserAliasRequest'];
export type MetadataQueue = Schemas['MetadataQueue'];
export type RefreshModelMetadataRequest = Schemas['RefreshModelMetadataRequest'];
export type RefreshAllModelsResponse = Schemas['RefreshAllModelsResponse'];

// Local model downloads (http-api.md §5.4).

/** A cancelled download ends in `error` with the error "cancelled". */
export type DownloadRequest = Schemas['DownloadRequest'];
export type DownloadRequestPage = Schemas['PaginatedDownloadRequests'];
export type PullModelFileRequest = Schemas['PullModelFileRequest'];

// User administration (http-api.md §10).

export type UserAccessRequest = Schemas['UserAccessRequest'];
export type UserAccessRequestList = Schemas['PaginatedUserAccessRequests'];
export type OrgUser = Schemas['OrgUser'];
export type UserList = Schemas['UserList'];
export type AssignRoleRequest = Schemas['AssignRoleRequest'];

// Toolsets (http-api.md §9).

export type ToolDefinition = Schemas['ToolDefinition'];
export type Toolset = Schemas['Toolset'];
export type AppToolsetConfig = Schemas['AppToolsetConfig'];
export type ToolsetList = Schemas['ToolsetList'];
export type ToolsetDefinition = Schemas['ToolsetDefinition'];
export type ToolsetTypeList = Schemas['ToolsetTypeList'];
/** What an update does with the stored API key: keep it, or set a new one (the action is case-insensitive). */
export type ToolsetKeyUpdate = Schemas['ToolsetApiKeyKeep'] | Schemas['ToolsetApiKeySet'];
export type CreateToolsetRequest = Schemas['CreateToolsetRequest'];
export type UpdateToolsetRequest = Schemas['UpdateToolsetRequest'];

// App consent (http-api.md §11).

export type FlowType = Schemas['AppAccessFlowType'];
export type AppAccessReview = Schemas['AppAccessRequestReview'];
/** One toolset instance offered on the consent page. */
export type AppAccessToolsetInstance = Schemas['AppAccessReviewToolsetInstance'];
export type ToolsetApproval = Schemas['ApprovedToolsetType'];
export type ApproveAppAccessRequest = Schemas['ApproveAppAccessRequest'];
export type AppAccessDecision = Schemas['AppAccessDecision'];

// Settings (http-api.md §12).

export type SettingMetadata = Schemas['SettingMetadata'];
export type SettingValue = Schemas['SettingValue'];
export type SettingInfo = Schemas['SettingInfo'];
export type UpdateSettingRequest = Schemas['UpdateSettingRequest'];
