import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { LocalModelFile, UserAlias } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Textarea } from '../../components/ui/textarea';
import { toast } from '../../lib/toast';
import {
  aliasDraftFrom,
  aliasRequest,
  aliasSchema,
  aliasServerErrors,
  emptyAliasDraft,
  NUMBER_PARAMS,
  type AliasDraft,
} from './aliasForm';
import { FormActions, FormError } from './formParts';
import { useModelFileChoices, useSaveUserAlias } from './useUserAliases';

interface Props {
  /** The alias being edited; absent when creating. */
  existing?: UserAlias;
  /** The file to start with when creating (from Model Files or a model alias). */
  file?: { repo?: string; filename?: string; snapshot?: string };
}

const unique = (xs: string[]) => [...new Set(xs)];

/** A user alias: its name, the GGUF file it runs, and the defaults it gives each request and llama-server. */
export function AliasForm({ existing, file }: Props) {
  const navigate = useNavigate();
  const editId = existing?.id ?? null;
  const files = useModelFileChoices();
  const save = useSaveUserAlias(editId);
  const form = useForm<AliasDraft>({
    resolver: zodResolver(aliasSchema),
    defaultValues: existing ? aliasDraftFrom(existing) : emptyAliasDraft(file),
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, setError, setValue, control, formState } = form;
  const errors = formState.errors;
  const [repo, filename, snapshot] = useWatch({ control, name: ['repo', 'filename', 'snapshot'] });

  const list: LocalModelFile[] = files.data?.data ?? [];
  // The current choice stays offered even when the cache no longer lists it (or lists it beyond the first page).
  const repos = unique([...list.map((f) => f.repo), ...(repo ? [repo] : [])]);
  const filesOfRepo = unique([
    ...list.filter((f) => f.repo === repo).map((f) => f.filename),
    ...(filename ? [filename] : []),
  ]);
  const snapshots = unique([
    ...list.filter((f) => f.repo === repo && f.filename === filename).map((f) => f.snapshot),
    ...(snapshot ? [snapshot] : []),
  ]);
  // The selects are controlled by the watched values: their options change with the choice above them.
  const pick = { shouldValidate: formState.isSubmitted, shouldDirty: true };
  // A new repository or file starts its file and snapshot choices afresh.
  const afterRepo = (r: string) => {
    setValue('filename', list.find((f) => f.repo === r)?.filename ?? '', pick);
    setValue('snapshot', '', pick);
  };
  const afterFile = () => setValue('snapshot', '', pick);

  const submit = handleSubmit(async (d) => {
    try {
      const saved = await save.mutateAsync(aliasRequest(d, !editId));
      toast.success(editId ? 'Alias saved' : 'Alias created', saved.alias);
      navigate('/models');
    } catch (e) {
      const at = aliasServerErrors(e);
      if (at.length === 0) setError('root.server', { type: 'server', message: (e as Error).message });
      at.forEach(({ field, message }, i) => setError(field, { type: 'server', message }, { shouldFocus: i === 0 }));
    }
  });

  return (
    <form className="max-w-3xl space-y-6" onSubmit={(e) => void submit(e)} noValidate>
      <Section title="Alias">
        <Field
          label="Alias name"
          hint={editId ? 'A name never changes; copy the alias to use another.' : 'The model name clients ask for.'}
          error={errors.alias?.message}
        >
          {(ids) => <Input {...ids} autoComplete="off" readOnly={!!editId} {...register('alias')} />}
        </Field>
      </Section>
      <Section title="Model file">
        {files.isPending ? (
          <p className="text-sm text-muted-foreground">Loading the model files…</p>
        ) : files.isError ? (
          <ErrorMessage error={files.error} />
        ) : (
          list.length === 0 && (
            <p className="text-sm text-muted-foreground">
              The Hugging Face cache has no GGUF files yet.{' '}
              <Link to="/pull" className="underline">
                Download one
              </Link>{' '}
              first.
            </p>
          )
        )}
        <div className="grid gap-x-4 md:grid-cols-2">
          <Field label="Repository" error={errors.repo?.message}>
            {(ids) => (
              <Select
                {...ids}
                {...register('repo', { onChange: (e: { target: HTMLSelectElement }) => afterRepo(e.target.value) })}
                value={repo}
              >
                <option value="">Choose a repository</option>
                {repos.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="File" error={errors.filename?.message}>
            {(ids) => (
              <Select {...ids} {...register('filename', { onChange: afterFile })} value={filename}>
                <option value="">Choose a file</option>
                {filesOfRepo.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Field
          label="Snapshot"
          hint="The commit to run; main follows the latest download."
          error={errors.snapshot?.message}
        >
          {(ids) => (
            <Select {...ids} {...register('snapshot')} value={snapshot}>
              <option value="">main (latest)</option>
              {snapshots.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </Section>
      <Section
        title="Request parameters"
        hint="Defaults for each chat request; a request's own values win. Leave blank for none."
      >
        <div className="grid gap-x-4 sm:grid-cols-2">
          {NUMBER_PARAMS.map((p) => (
            <Field key={p.name} label={p.label} hint={p.hint} error={errors[p.name]?.message}>
              {(ids) => <Input {...ids} inputMode="decimal" autoComplete="off" {...register(p.name)} />}
            </Field>
          ))}
        </div>
        <Field label="Stop sequences" hint="One per line." error={errors.stop?.message}>
          {(ids) => <Textarea {...ids} rows={2} {...register('stop')} />}
        </Field>
        <Field label="User" hint="An end-user id sent with each request." error={errors.user?.message}>
          {(ids) => <Input {...ids} autoComplete="off" {...register('user')} />}
        </Field>
      </Section>
      <Section title="Context parameters" hint="Arguments for llama-server when it runs this alias.">
        <Field
          label="llama-server arguments"
          hint="One argument per line, e.g. --ctx-size 8192"
          error={errors.context_params?.message}
        >
          {(ids) => (
            <Textarea {...ids} rows={4} spellCheck={false} className="font-mono" {...register('context_params')} />
          )}
        </Field>
      </Section>
      <FormError message={errors.root?.server?.message} />
      <FormActions>
        <Button variant="outline" onClick={() => navigate('/models')}>
          Cancel
        </Button>
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {formState.isSubmitting ? 'Saving…' : editId ? 'Save' : 'Create alias'}
        </Button>
      </FormActions>
    </form>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <Card className="gap-4 p-4 md:p-6" role="group" aria-labelledby={id}>
      <div className="grid gap-1">
        <h2 id={id} className="m-0 text-base font-semibold">
          {title}
        </h2>
        {hint && <p className="text-sm text-muted-foreground">{hint}</p>}
      </div>
      {children}
    </Card>
  );
}
