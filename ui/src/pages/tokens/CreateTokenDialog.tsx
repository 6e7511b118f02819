import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { z } from '../../lib/zod';
import type { TokenScope } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { roleOf, useUser } from '../../hooks/useUser';
import { toast } from '../../lib/toast';
import { showServerError } from '../models/formErrors';
import { FormActions, FormError } from '../models/formParts';
import { scopesFor } from './scopes';
import { useCreateToken } from './useTokens';

interface Props {
  onClose: () => void;
  onCreated: (token: string) => void;
}

export const NAME_MAX = 255;

const schema = z.object({
  name: z.string().trim().max(NAME_MAX, `At most ${NAME_MAX} characters.`),
  scope: z.enum(['scope_token_user', 'scope_token_power_user']),
});
type Values = z.infer<typeof schema>;

/** Name (optional) and scope, limited to the caller's role. */
export function CreateTokenDialog({ onClose, onCreated }: Props) {
  const options = scopesFor(roleOf(useUser().data));
  const create = useCreateToken();
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', scope: options[0]?.value ?? ('scope_token_user' satisfies TokenScope) },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async (v) => {
    try {
      const { token } = await create.mutateAsync(v);
      toast.success('API token created', v.name || undefined);
      onCreated(token);
    } catch (e) {
      showServerError(e, setError, { fields: { name: 'name', scope: 'scope' } });
    }
  });

  return (
    <Dialog title="New API token" onClose={onClose}>
      <form className="grid gap-4" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name (optional)" error={errors.name?.message}>
          {(ids) => <Input {...ids} data-autofocus autoComplete="off" {...register('name')} />}
        </Field>
        <Field label="Scope" hint="What the token may do; never more than your own role." error={errors.scope?.message}>
          {(ids) => (
            <Select {...ids} {...register('scope')}>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <FormError message={errors.root?.server?.message} />
        <FormActions>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
            {isSubmitting ? 'Creating…' : 'Create token'}
          </Button>
        </FormActions>
      </form>
    </Dialog>
  );
}
