import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { OpenAIModel } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';

interface Props {
  value: string;
  onChange: (model: string) => void;
}

/** The models this org can chat with (GET /v1/models); picks the first when none is chosen. */
export function ModelPicker({ value, onChange }: Props) {
  const models = useQuery({
    queryKey: [paths.oaiModels],
    queryFn: ({ signal }) => api<{ data: OpenAIModel[] }>(paths.oaiModels, { signal }),
  });
  const ids = models.data?.data.map((m) => m.id) ?? [];
  const first = ids[0];
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);

  const options = value && !ids.includes(value) ? [value, ...ids] : ids;
  return (
    <>
      <Field
        label="Model"
        hint={models.isSuccess && !ids.length ? 'No models yet: add an API model first.' : undefined}
      >
        {(fieldIds) => (
          <select {...fieldIds} value={value} onChange={(e) => onChange(e.target.value)} disabled={models.isPending}>
            {!value && <option value="">{models.isPending ? 'Loading models…' : 'Choose a model'}</option>}
            {options.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorMessage error={models.error} />
    </>
  );
}
