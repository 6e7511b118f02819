import { Eye, EyeOff } from 'lucide-react';
import { useId, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import type { ApiModelDraft } from './apiModelRequest';
import { CheckField, FieldError } from './formParts';

/** The API key: hidden by default with a show toggle; on edit, blank means "keep the stored key". */
export function ApiKeyField({ stored }: { /** Edit only: a key is stored on the server. */ stored: boolean }) {
  const id = useId();
  const [show, setShow] = useState(false);
  const { register, control, setValue, formState } = useFormContext<ApiModelDraft>();
  const clear = useWatch({ control, name: 'clearKey' });
  const error = formState.errors.apiKey?.message;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>API key (optional)</Label>
      <div className="flex gap-2">
        <Input
          id={id}
          type={show ? 'text' : 'password'}
          autoComplete="off"
          disabled={clear}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          placeholder={stored ? 'Leave blank to keep the stored key' : ''}
          {...register('apiKey')}
        />
        <Button variant="outline" aria-pressed={show} onClick={() => setShow((s) => !s)}>
          {show ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
          {show ? 'Hide' : 'Show'}
        </Button>
      </div>
      <p className="text-xs text-muted-foreground" id={`${id}-hint`}>
        {stored ? 'A key is stored. Type a new one to replace it.' : 'Sent to the provider as a bearer token.'}
      </p>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      {stored && (
        <CheckField
          className="mt-1"
          label="Remove the stored key"
          {...register('clearKey', { onChange: (e) => e.target.checked && setValue('apiKey', '') })}
        />
      )}
    </div>
  );
}
