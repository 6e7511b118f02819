import { api } from '../api/client';
import { paths } from '../api/paths';
import type { LocationResponse, UserResponse } from '../api/types';
import { browser } from './browser';
import { removeLegacyChatKeys, removeUserChatKeys } from './chatKeys';
import { webUrl } from './safeUrl';

/** Who is logging out, asked before the session ends; none when that is not known. */
async function currentUserId(): Promise<string | null> {
  try {
    const user = await api<UserResponse>(paths.user);
    return user.auth_status === 'logged_in' ? user.user_id : null;
  } catch {
    return null;
  }
}

/**
 * Logs out and forgets the user's saved chats, so the next person at this browser cannot read them; other settings
 * (the theme) stay. When the server cannot log out, the session storage goes too and the login page shows
 * (ui.md §4).
 */
export async function logout(): Promise<void> {
  const userId = await currentUserId();
  const forgetChats = () => {
    if (userId) removeUserChatKeys(localStorage, userId);
    else removeLegacyChatKeys(localStorage);
  };
  try {
    const { location } = await api<LocationResponse>(paths.logout, { method: 'POST' });
    forgetChats();
    // an address that is not a web address is never followed; the session is gone, so the login page will do
    browser.assign(webUrl(location) ?? '/ui/login');
  } catch {
    forgetChats();
    sessionStorage.clear();
    browser.assign('/ui/login');
  }
}
