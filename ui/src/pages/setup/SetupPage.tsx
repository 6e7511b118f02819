import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Loader2 } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { z } from '../../lib/zod';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { SetupRequest, SetupResponse } from '../../api/types';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Textarea } from '../../components/ui/textarea';
import { toast } from '../../lib/toast';
import { showServerError } from '../models/formErrors';
import { FormError } from '../models/formParts';
import { ScreenCard, ScreenText, ScreenTitle } from './ScreenCard';
import { usePageTitle } from '../../shell/pageTitle';
import { SetupProgress } from './SetupProgress';

const MIN_NAME = 10;

const schema = z.object({
  name: z.string().trim().min(MIN_NAME, `At least ${MIN_NAME} characters.`),
  description: z.string().trim(),
});
type Values = z.infer<typeof schema>;

/** `/ui/setup` (standalone, status `setup`): name this server, which registers it with the identity provider. */
export function SetupPage() {
  usePageTitle('Setup');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', description: '' },
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async ({ name, description }) => {
    try {
      await api<SetupResponse>(paths.setup, {
        method: 'POST',
        body: { name, ...(description ? { description } : {}) } satisfies SetupRequest,
      });
    } catch (e) {
      showServerError(e, setError, { fields: { name: 'name', description: 'description' } });
      return;
    }
    toast.success('Server registered', name);
    await queryClient.invalidateQueries({ queryKey: [paths.appInfo] });
    navigate('/setup/resource-admin');
  });

  return (
    <ScreenCard labelledBy="setup-title">
      <SetupProgress current="/setup" />
      <ScreenTitle id="setup-title">Welcome to Bodhi</ScreenTitle>
      <ScreenText>
        Give this server a name. It is registered with your identity provider, and the first user to log in becomes its
        administrator.
      </ScreenText>
      <form className="grid gap-4" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Server name" error={errors.name?.message}>
          {(ids) => <Input {...ids} autoComplete="off" {...register('name')} required />}
        </Field>
        <Field label="Description (optional)" error={errors.description?.message}>
          {(ids) => <Textarea {...ids} rows={3} {...register('description')} />}
        </Field>
        <FormError message={errors.root?.server?.message} />
        <Button type="submit" className="w-full sm:w-auto sm:justify-self-end" disabled={isSubmitting}>
          {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {isSubmitting ? 'Setting up…' : 'Set up Bodhi'}
        </Button>
      </form>
    </ScreenCard>
  );
}
