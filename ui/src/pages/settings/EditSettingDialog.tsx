import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from '../../lib/zod';
import type { SettingInfo, SettingMetadata } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Button } from '../../components/ui/button';
import { DialogFooter } from '../../components/ui/dialog';
import { FormField } from '../../components/ui/form-field';
import { Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { toast } from '../../lib/toast';
import { formatValue } from './settingGroups';
import { parseSettingValue, rangeText } from './settingValue';
import { useResetSetting, useUpdateSetting } from './useSettings';

/** The form checks the text with the same rules that turn it into the value sent. */
function schemaFor(meta: SettingMetadata) {
  return z.object({ value: z.string() }).superRefine(({ value }, ctx) => {
    const parsed = parseSettingValue(value, meta);
    if (parsed.error !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.error });
  });
}

/** Edit or reset one editable key, validated against its metadata. */
export function EditSettingDialog({ setting, onClose }: { setting: SettingInfo; onClose: () => void }) {
  const meta = setting.metadata;
  const form = useForm<{ value: string }>({
    resolver: zodResolver(schemaFor(meta)),
    defaultValues: { value: formatValue(setting.current_value) },
    // after the first Save, each change re-checks, so a fixed value clears its error at once
    reValidateMode: 'onChange',
  });
  const update = useUpdateSetting();
  const reset = useResetSetting();
  const busy = update.isPending || reset.isPending;
  const error = form.formState.errors.value?.message;

  const submit = form.handleSubmit(({ value }) => {
    const parsed = parseSettingValue(value, meta);
    if (parsed.error !== undefined) return; // the resolver has shown it already
    update.mutate(
      { key: setting.key, value: parsed.value },
      {
        onSuccess: () => {
          toast.success(`Saved ${setting.key}`);
          onClose();
        },
      },
    );
  });

  const hint = `Default: ${formatValue(setting.default_value)}${meta.type === 'number' && rangeText(meta.min, meta.max) ? ` (${rangeText(meta.min, meta.max)})` : ''}`;
  return (
    <Dialog title={`Edit ${setting.key}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate className="grid gap-4">
        <FormField label="Value" hint={hint} error={error}>
          {(ids) =>
            meta.type === 'option' || meta.type === 'boolean' ? (
              <Select {...ids} data-autofocus {...form.register('value')}>
                {(meta.type === 'option' ? (meta.options ?? []) : ['true', 'false']).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </Select>
            ) : (
              <Input
                {...ids}
                data-autofocus
                type={meta.type === 'number' ? 'number' : 'text'}
                min={meta.type === 'number' ? meta.min : undefined}
                max={meta.type === 'number' ? meta.max : undefined}
                {...form.register('value')}
              />
            )
          }
        </FormField>
        <ErrorMessage error={update.error ?? reset.error} />
        <DialogFooter className="sm:justify-between">
          <Button
            variant="ghost"
            disabled={busy}
            onClick={() =>
              reset.mutate(setting.key, {
                onSuccess: () => {
                  toast.success(`Reset ${setting.key}`);
                  onClose();
                },
              })
            }
          >
            Reset to default
          </Button>
          <div className="flex flex-col-reverse gap-2 sm:flex-row">
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              Save
            </Button>
          </div>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
