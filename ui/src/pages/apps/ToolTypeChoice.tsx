import { useId } from 'react';
import type { Toolset } from '../../api/types';
import { usableInstances, type Choice } from './approvals';

interface Props {
  type: string;
  name: string;
  description: string;
  instances: Toolset[];
  choice: Choice;
  onChange: (choice: Choice) => void;
}

/** One requested toolset type: an approve checkbox and the instance to grant. */
export function ToolTypeChoice({ type, name, description, instances, choice, onChange }: Props) {
  const id = useId();
  const usable = usableInstances(instances);
  return (
    <fieldset className="field">
      <legend>{name || type}</legend>
      {description && <p className="hint">{description}</p>}
      {usable.length === 0 ? (
        <p className="muted">
          You have no enabled {name || type} instance with an API key, so this will be denied. Set one up under Toolsets
          first.
        </p>
      ) : (
        <>
          <label className="check-label">
            <input
              type="checkbox"
              checked={choice.approve}
              onChange={(e) => onChange({ ...choice, approve: e.target.checked })}
            />{' '}
            Allow {name || type}
          </label>
          <label htmlFor={id}>Instance for {name || type}</label>
          <select
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
          </select>
        </>
      )}
    </fieldset>
  );
}
