import { isApiError } from '../../api/ApiError';
import { api } from '../../api/client';
import { pathTo } from '../../api/paths';
import type {
  AppToolsetConfig,
  ToolCall,
  ToolDefinition,
  Toolset,
  ToolsetDefinition,
  ToolsetExecuteResponse,
  ExecuteToolsetRequest,
} from '../../api/types';
import type { ToolCallDelta } from '../../lib/chatStream';

/** Methods chosen per toolset instance id. */
export type ToolSelection = Record<string, string[]>;

/** Where a tool name sent to the model is executed. */
export interface ToolRoute {
  toolsetId: string;
  slug: string;
  method: string;
}

/** The tools of one request and how to run each of them. */
export interface ChatTools {
  tools: ToolDefinition[];
  routes: Map<string, ToolRoute>;
}

const PREFIX = 'toolset__';

/** `toolset__<slug>__<method>`: slugs hold only letters, digits and hyphens, so `__` separates safely. */
export function toolName(slug: string, method: string): string {
  return `${PREFIX}${slug}__${method}`;
}

/** An instance can run only when it is enabled, has a key, and its type is enabled for the org. */
export function isUsable(t: Toolset, types: AppToolsetConfig[]): boolean {
  const type = types.find((c) => c.toolset_type === t.toolset_type);
  return t.enabled && t.has_api_key && type?.enabled !== false;
}

/** The methods of an instance, from the type registry when loaded, else from the instance itself. */
export function methodsOf(t: Toolset, definitions: ToolsetDefinition[] | undefined): ToolDefinition[] {
  return definitions?.find((d) => d.toolset_type === t.toolset_type)?.tools ?? t.tools;
}

/** The OpenAI `tools` for the selected methods of usable instances. */
export function buildChatTools(
  toolsets: Toolset[],
  configs: AppToolsetConfig[],
  definitions: ToolsetDefinition[] | undefined,
  selection: ToolSelection,
): ChatTools {
  const tools: ToolDefinition[] = [];
  const routes = new Map<string, ToolRoute>();
  for (const t of toolsets) {
    const chosen = selection[t.id];
    if (!chosen?.length || !isUsable(t, configs)) continue;
    for (const def of methodsOf(t, definitions)) {
      const method = def.function.name;
      if (!chosen.includes(method)) continue;
      const name = toolName(t.slug, method);
      tools.push({ type: 'function', function: { ...def.function, name } });
      routes.set(name, { toolsetId: t.id, slug: t.slug, method });
    }
  }
  return { tools, routes };
}

/** Folds streamed tool-call pieces into whole calls: the id and name are set once, arguments are appended. */
export function mergeToolCalls(calls: ToolCall[], deltas: ToolCallDelta[]): ToolCall[] {
  const next = calls.map((c) => ({ ...c, function: { ...c.function } }));
  for (const d of deltas) {
    const call = (next[d.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
    if (d.id) call.id = d.id;
    if (d.function?.name) call.function.name = d.function.name;
    if (d.function?.arguments) call.function.arguments += d.function.arguments;
  }
  return next.filter(Boolean);
}

const asContent = (value: unknown) => JSON.stringify(value);

/**
 * Runs one call through `POST /bodhi/v1/toolsets/{id}/execute/{method}` and gives the tool message's content:
 * the JSON result, or a JSON `{error}` the model can read. Only an abort is thrown.
 */
export async function executeToolCall(
  call: ToolCall,
  routes: Map<string, ToolRoute>,
  signal?: AbortSignal,
): Promise<string> {
  const route = routes.get(call.function.name);
  if (!route) return asContent({ error: `Unknown tool ${call.function.name}.` });
  let params: unknown;
  try {
    params = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
  } catch {
    return asContent({ error: 'The tool arguments are not valid JSON.' });
  }
  if (!isJsonObject(params)) return asContent({ error: 'The tool arguments must be a JSON object.' });
  const path = pathTo('/bodhi/v1/toolsets/{id}/execute/{method}', { id: route.toolsetId, method: route.method });
  try {
    const res = await api<ToolsetExecuteResponse | undefined>(path, {
      method: 'POST',
      body: { params } satisfies ExecuteToolsetRequest,
      signal,
    });
    return res && 'error' in res ? asContent({ error: res.error }) : asContent(res?.result ?? null);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    return asContent({ error: isApiError(e) || e instanceof Error ? e.message : String(e) });
  }
}

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
