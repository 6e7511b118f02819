import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { toast } from '../../lib/toast';
import { showServerError } from './formErrors';
import { FormActions, FormError } from './formParts';
import { useCopyUserAlias } from './useUserAliases';
import { z } from '../../lib/zod';

const schema = z.object({ alias: z.string().refine((v) => v.trim() !== '', 'alias must not be empty') });
type Values = z.infer<typeof schema>;

/** A new user alias with the settings of another (`POST /bodhi/v1/models/{id}/copy`): only its name is asked. */
export function CopyAliasDialog({ id, alias, onClose }: { id: string; alias: string; onClose: () => void }) {
  const copy = useCopyUserAlias();
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { alias: `${alias}-copy` },
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const { errors, isSubmitting } = formState;
  const submit = handleSubmit(async (v) => {
    try {
      const made = await copy.mutateAsync({ id, alias: v.alias.trim() });
      toast.success('Alias copied', made.alias);
      onClose();
    } catch (e) {
      showServerError(e, setError, {
        fields: { alias: 'alias' },
        codes: { 'data_service_error-alias_exists': 'alias', 'obj_validation_error-validation_errors': 'alias' },
      });
    }
  });
  return (
    <Dialog
      title={`Copy ${alias}`}
      description="The copy runs the same file with the same parameters."
      onClose={onClose}
    >
      <form className="grid gap-4" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="New alias name" error={errors.alias?.message}>
          {(ids) => <Input {...ids} data-autofocus autoComplete="off" {...register('alias')} />}
        </Field>
        <FormError message={errors.root?.server?.message} />
        <FormActions>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
            {isSubmitting ? 'Copying…' : 'Copy alias'}
          </Button>
        </FormActions>
      </form>
    </Dialog>
  );
}
