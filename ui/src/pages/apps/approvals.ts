import type { AppAccessReview, AppAccessToolsetInstance, ToolsetApproval } from '../../api/types';

/** The reviewer's choice for one requested toolset type. */
export interface Choice {
  approve: boolean;
  instanceId: string;
}

/** Only instances that are enabled and have a key can be granted (ui.md §8.7). */
export function usableInstances(instances: AppAccessToolsetInstance[]): AppAccessToolsetInstance[] {
  return instances.filter((t) => t.enabled && t.has_api_key);
}

/** Starting choices: approve with the first usable instance when there is one, else deny. */
export function initialChoices(review: AppAccessReview): Record<string, Choice> {
  const out: Record<string, Choice> = {};
  for (const { toolset_type } of review.requested.toolset_types) {
    const info = review.tools_info.find((t) => t.toolset_type === toolset_type);
    const first = usableInstances(info?.instances ?? [])[0];
    out[toolset_type] = { approve: !!first, instanceId: first?.id ?? '' };
  }
  return out;
}

/** The `approved.toolset_types` list of PUT …/approve (http-api.md §11.4). */
export function approvalList(choices: Record<string, Choice>): ToolsetApproval[] {
  return Object.entries(choices).map(([toolset_type, c]) =>
    c.approve && c.instanceId
      ? { toolset_type, status: 'approved', instance_id: c.instanceId }
      : { toolset_type, status: 'denied' },
  );
}
