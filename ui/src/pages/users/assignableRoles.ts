import type { ResourceRole } from '../../api/types';
import { ROLE_LADDER, roleLabel, roleLevel } from '../../lib/roles';

export interface RoleOption {
  value: ResourceRole;
  label: string;
}

/** The `resource_*` roles a caller may give: none above their own (http-api.md §10.2). */
export function assignableRoles(callerRole: string | null | undefined): RoleOption[] {
  const level = roleLevel(callerRole);
  return ROLE_LADDER.filter((_, i) => i <= level).map((r) => ({
    value: `resource_${r}` as const,
    label: roleLabel(r),
  }));
}
