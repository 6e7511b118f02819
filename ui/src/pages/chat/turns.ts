import type { AssistantMessage, ChatMessage } from '../../api/types';
import type { Usage } from '../../lib/chatStream';

/** An assistant message with what the page learnt while it arrived; neither is sent back to the model. */
export type Reply = AssistantMessage & {
  /** The tokens its request used, when the provider said. */
  usage?: Usage;
  /** The user stopped it before it ended: the text is partial. */
  stopped?: boolean;
};

/** A message of a conversation as the page shows and saves it. */
export type ChatTurn = Exclude<ChatMessage, AssistantMessage> | Reply;

/** The index of the last user message, -1 when there is none. */
export function lastUserIndex(turns: ChatTurn[]): number {
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.role === 'user') return i;
  return -1;
}

/** Marks a trailing reply as stopped (a partial reply the user cut short). */
export function markStopped(turns: ChatTurn[]): ChatTurn[] {
  const last = turns.at(-1);
  return last?.role === 'assistant' ? [...turns.slice(0, -1), { ...last, stopped: true }] : turns;
}
