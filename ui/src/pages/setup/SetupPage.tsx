import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { usePageTitle } from '../../shell/pageTitle';
import { SetupProgress } from './SetupProgress';

const MIN_NAME = 10;

/** `/ui/setup` (standalone, status `setup`): name this server, which registers it with the identity provider. */
export function SetupPage() {
  usePageTitle('Setup');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const nameError = name.trim().length < MIN_NAME ? `At least ${MIN_NAME} characters.` : null;

  const setup = useMutation({
    mutationFn: () =>
      api<{ status: string }>(paths.setup, {
        method: 'POST',
        body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [paths.appInfo] });
      navigate('/setup/resource-admin');
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!nameError) setup.mutate();
  };

  return (
    <main className="screen-center">
      <section className="card setup-card" aria-labelledby="setup-title">
        <SetupProgress current="/setup" />
        <h1 id="setup-title">Welcome to Bodhi</h1>
        <p>
          Give this server a name. It is registered with your identity provider, and the first user to log in becomes
          its administrator.
        </p>
        <form onSubmit={submit} noValidate>
          <Field label="Server name" error={touched ? nameError : null}>
            {(ids) => <input {...ids} value={name} onChange={(e) => setName(e.target.value)} required />}
          </Field>
          <Field label="Description (optional)">
            {(ids) => <textarea {...ids} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <button type="submit" className="button primary" disabled={setup.isPending}>
            {setup.isPending ? 'Setting up…' : 'Set up Bodhi'}
          </button>
          <ErrorMessage error={setup.error} />
        </form>
      </section>
    </main>
  );
}
