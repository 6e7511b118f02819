import { useState, type FormEvent } from 'react';
import type { SettingInfo } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { formatValue } from './settingGroups';
import { parseSettingValue } from './settingValue';
import { useResetSetting, useUpdateSetting } from './useSettings';

/** Edit or reset one editable key, validated against its metadata. */
export function EditSettingDialog({ setting, onClose }: { setting: SettingInfo; onClose: () => void }) {
  const [text, setText] = useState(formatValue(setting.current_value));
  const [invalid, setInvalid] = useState<string | null>(null);
  const update = useUpdateSetting();
  const reset = useResetSetting();
  const busy = update.isPending || reset.isPending;
  const meta = setting.metadata;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSettingValue(text, meta);
    if (parsed.error !== undefined) {
      setInvalid(parsed.error);
      return;
    }
    setInvalid(null);
    update.mutate({ key: setting.key, value: parsed.value }, { onSuccess: onClose });
  };

  return (
    <Dialog title={`Edit ${setting.key}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field
          label="Value"
          hint={`Default: ${formatValue(setting.default_value)}${meta.type === 'number' ? ` (from ${meta.min} to ${meta.max})` : ''}`}
          error={invalid}
        >
          {(ids) =>
            meta.type === 'option' || meta.type === 'boolean' ? (
              <select {...ids} data-autofocus value={text} onChange={(e) => setText(e.target.value)}>
                {(meta.type === 'option' ? meta.options : ['true', 'false']).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...ids}
                data-autofocus
                type={meta.type === 'number' ? 'number' : 'text'}
                min={meta.type === 'number' ? meta.min : undefined}
                max={meta.type === 'number' ? meta.max : undefined}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )
          }
        </Field>
        <ErrorMessage error={update.error ?? reset.error} />
        <div className="row end">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => reset.mutate(setting.key, { onSuccess: onClose })}
          >
            Reset to default
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
