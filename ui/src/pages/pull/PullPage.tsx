import { zodResolver } from '@hookform/resolvers/zod';
import { Download, Loader2 } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { toast } from '../../lib/toast';
import { showServerError, type ServerFieldMap } from '../models/formErrors';
import { FormActions, FormError } from '../models/formParts';
import { DownloadsList } from './DownloadsList';
import { pullSchema, type PullDraft } from './pullRules';
import { useStartPull } from './usePulls';

const SERVER_FIELDS: ServerFieldMap<PullDraft> = {
  fields: { repo: 'repo', filename: 'filename' },
  codes: {
    'obj_validation_error-file_pattern_mismatch': 'repo',
    'pull_error-file_already_exists': 'filename',
  },
};

/** `/ui/pull`: download a GGUF file from the Hugging Face hub into the cache, and follow the downloads (power users). */
export function PullPage() {
  const start = useStartPull();
  const [page, setPage] = useState(1);
  const form = useForm<PullDraft>({
    resolver: zodResolver(pullSchema),
    defaultValues: { repo: '', filename: '' },
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, setError, formState, reset } = form;
  const errors = formState.errors;

  const submit = handleSubmit(async (d) => {
    try {
      const { started } = await start.mutateAsync(d);
      if (started) toast.success('Download started', `${d.repo}/${d.filename}`);
      else toast.success('Already downloading', `${d.repo}/${d.filename}`);
      reset();
      setPage(1);
    } catch (e) {
      showServerError(e, setError, SERVER_FIELDS);
    }
  });

  return (
    <Page
      title="Model Downloads"
      description="Download GGUF model files from Hugging Face into this server's cache. Downloads continue in the background; a stopped one resumes where it left off."
    >
      <Card className="p-4 sm:p-6">
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pull-form-title">
          <h2 id="pull-form-title" className="mb-4 text-lg font-semibold">
            New download
          </h2>
          <div className="grid gap-x-4 md:grid-cols-2">
            <Field
              label="Repository"
              hint="owner/name, e.g. bartowski/Llama-3.2-1B-Instruct-GGUF"
              error={errors.repo?.message}
            >
              {(ids) => <Input {...ids} autoComplete="off" spellCheck={false} {...register('repo')} />}
            </Field>
            <Field
              label="File"
              hint="The .gguf file in the repository, e.g. Llama-3.2-1B-Instruct-Q4_K_M.gguf"
              error={errors.filename?.message}
            >
              {(ids) => <Input {...ids} autoComplete="off" spellCheck={false} {...register('filename')} />}
            </Field>
          </div>
          <FormError message={errors.root?.server?.message} />
          <FormActions>
            <Button type="submit" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? (
                <Loader2 className="animate-spin motion-reduce:animate-none" aria-hidden="true" />
              ) : (
                <Download aria-hidden="true" />
              )}
              Download
            </Button>
          </FormActions>
        </form>
      </Card>
      <DownloadsList page={page} onPage={setPage} />
    </Page>
  );
}
