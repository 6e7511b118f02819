import { useMemo, useState } from 'react';
import { useToolsets, useToolsetTypes } from '../toolsets/useToolsets';
import { buildChatTools, type ToolSelection } from './toolCalls';

/** The caller's toolset instances, the methods chosen for chat (in memory), and the tools they make. */
export function useChatTools() {
  const list = useToolsets();
  const types = useToolsetTypes();
  const [selection, setSelection] = useState<ToolSelection>({});
  const toolsets = list.data?.toolsets;
  const configs = list.data?.toolset_types;
  const definitions = types.data?.types;
  const chatTools = useMemo(
    () => buildChatTools(toolsets ?? [], configs ?? [], definitions, selection),
    [toolsets, configs, definitions, selection],
  );
  return {
    toolsets: toolsets ?? [],
    configs: configs ?? [],
    definitions,
    isPending: list.isPending,
    error: list.error,
    selection,
    setSelection,
    chatTools,
  };
}

export type ChatToolsState = ReturnType<typeof useChatTools>;
