import { useEffect, useId } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { NoModels } from './NoModels';
import { useChatModels } from './useChatModels';

interface Props {
  value: string;
  onChange: (model: string) => void;
}

/** The models this org can chat with (GET /v1/models), local aliases as API models; picks the first when none is chosen. */
export function ModelPicker({ value, onChange }: Props) {
  const id = useId();
  const models = useChatModels();
  const ids = models.data?.data.map((m) => m.id) ?? [];
  const first = ids[0];
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);

  const options = value && !ids.includes(value) ? [value, ...ids] : ids;
  const none = models.isSuccess && !ids.length;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-semibold text-foreground">
        Model
      </label>
      <select
        id={id}
        aria-describedby={none ? `${id}-none` : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={models.isPending}
        className="h-9 w-full rounded-md border border-input bg-background px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60"
      >
        {!value && <option value="">{models.isPending ? 'Loading models…' : 'Choose a model'}</option>}
        {options.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {none && <NoModels id={`${id}-none`} />}
      <ErrorMessage error={models.error} />
    </div>
  );
}
