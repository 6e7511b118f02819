import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import { Field } from '../../components/Field';
import { toast } from '../../lib/toast';
import { showServerError } from '../models/formErrors';
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
      await api<{ status: string }>(paths.setup, {
        method: 'POST',
        body: { name, ...(description ? { description } : {}) },
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
    <main className="screen-center">
      <section className="card setup-card" aria-labelledby="setup-title">
        <SetupProgress current="/setup" />
        <h1 id="setup-title">Welcome to Bodhi</h1>
        <p>
          Give this server a name. It is registered with your identity provider, and the first user to log in becomes
          its administrator.
        </p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label="Server name" error={errors.name?.message}>
            {(ids) => <input {...ids} {...register('name')} required />}
          </Field>
          <Field label="Description (optional)" error={errors.description?.message}>
            {(ids) => <textarea {...ids} {...register('description')} />}
          </Field>
          <button type="submit" className="button primary" disabled={isSubmitting}>
            {isSubmitting ? 'Setting up…' : 'Set up Bodhi'}
          </button>
          {errors.root?.server && (
            <p className="error" role="alert">
              {errors.root.server.message}
            </p>
          )}
        </form>
      </section>
    </main>
  );
}
