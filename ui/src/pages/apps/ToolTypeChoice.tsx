import { useId } from 'react';
import type { AppAccessToolsetInstance } from '../../api/types';
import { Label } from '../../components/ui/label';
import { Select } from '../../components/ui/select';
import { CheckField } from '../models/formParts';
import { usableInstances, type Choice } from './approvals';

interface Props {
  type: string;
  name: string;
  description: string;
  instances: AppAccessToolsetInstance[];
  choice: Choice;
  onChange: (choice: Choice) => void;
}

/** One requested toolset type: an approve checkbox and the instance to grant. */
export function ToolTypeChoice({ type, name, description, instances, choice, onChange }: Props) {
  const id = useId();
  const usable = usableInstances(instances);
  return (
    <fieldset className="grid gap-3 rounded-lg border border-border p-4">
      <legend className="px-1 text-sm font-medium">{name || type}</legend>
      {description && <p className="text-xs text-muted-foreground">{description}</p>}
      {usable.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          You have no enabled {name || type} instance with an API key, so this will be denied. Set one up under Toolsets
          first.
        </p>
      ) : (
        <>
          <CheckField
            label={`Allow ${name || type}`}
            checked={choice.approve}
            onChange={(e) => onChange({ ...choice, approve: e.target.checked })}
          />
          <div className="grid gap-1.5">
            <Label htmlFor={id}>Instance for {name || type}</Label>
            <Select
              id={id}
              value={choice.instanceId}
              disabled={!choice.approve}
              onChange={(e) => onChange({ ...choice, instanceId: e.target.value })}
            >
              {usable.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.slug}
                </option>
              ))}
            </Select>
          </div>
        </>
      )}
    </fieldset>
  );
}
