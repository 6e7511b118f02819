// Saved chats are private to one user of one org: a browser shared by several people (or one person with several
// accounts) must never show one user's conversations to another. Each part is URI-encoded so a ':' inside an org
// slug or user id cannot make two owners share a key.
const CHATS_PREFIX = 'bodhi-chats';
const CURRENT_PREFIX = 'bodhi-chat-current';

/** The keys of the unkeyed history older versions kept for everyone using the browser. */
export const LEGACY_CHAT_KEYS = [CHATS_PREFIX, CURRENT_PREFIX] as const;

export interface ChatOwner {
  /** The org's slug, or the host when the org is not known. */
  org: string;
  userId: string;
}

export interface ChatKeys {
  chats: string;
  current: string;
}

const part = (s: string) => encodeURIComponent(s);

export function chatKeys({ org, userId }: ChatOwner): ChatKeys {
  const suffix = `:${part(org)}:${part(userId)}`;
  return { chats: CHATS_PREFIX + suffix, current: CURRENT_PREFIX + suffix };
}

/** Removes the unkeyed history of older versions, which nobody may see any more. */
export function removeLegacyChatKeys(storage: Storage): void {
  for (const key of LEGACY_CHAT_KEYS) storage.removeItem(key);
}

/** Removes every saved chat of userId on this origin (whatever the org part), and the legacy keys. */
export function removeUserChatKeys(storage: Storage, userId: string): void {
  const mine = (key: string) => {
    const [prefix, org, user, ...rest] = key.split(':');
    return (
      (prefix === CHATS_PREFIX || prefix === CURRENT_PREFIX) &&
      org !== undefined &&
      user === part(userId) &&
      !rest.length
    );
  };
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && mine(key)) keys.push(key);
  }
  keys.forEach((k) => storage.removeItem(k));
  removeLegacyChatKeys(storage);
}
