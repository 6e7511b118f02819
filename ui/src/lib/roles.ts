// The role ladder: user < power_user < manager < admin (ui.md §3.2, auth.md).
export const ROLE_LADDER = ['user', 'power_user', 'manager', 'admin'] as const;
export type RoleName = (typeof ROLE_LADDER)[number];

const LABELS: Record<RoleName, string> = {
  user: 'User',
  power_user: 'Power User',
  manager: 'Manager',
  admin: 'Admin',
};

/** `resource_power_user`, `scope_user_power_user` and `scope_token_power_user` all name the `power_user` step. */
export function roleName(role: string | null | undefined): RoleName | null {
  if (!role) return null;
  const base = role.replace(/^(resource_|scope_user_|scope_token_)/, '');
  return (ROLE_LADDER as readonly string[]).includes(base) ? (base as RoleName) : null;
}

/** 0..3 for a known role, -1 for none. */
export function roleLevel(role: string | null | undefined): number {
  const name = roleName(role);
  return name ? ROLE_LADDER.indexOf(name) : -1;
}

export function hasRole(role: string | null | undefined, min: RoleName): boolean {
  return roleLevel(role) >= ROLE_LADDER.indexOf(min);
}

export function roleLabel(role: string | null | undefined): string {
  const name = roleName(role);
  return name ? LABELS[name] : 'No role';
}
