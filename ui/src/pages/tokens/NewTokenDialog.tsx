import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/ui/button';
import { browser } from '../../lib/browser';
import { FormActions } from '../models/formParts';

interface Props {
  token: string;
  onClose: () => void;
}

/** The new token, shown this one time only: once closed it cannot be seen again. */
export function NewTokenDialog({ token, onClose }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await browser.copy(token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Dialog title="Your new API token" description="Copy it now: it will not be shown again." onClose={onClose}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <code
          data-testid="new-token-value"
          aria-label="API token"
          className="min-w-0 flex-1 rounded-md border border-border bg-muted px-3 py-2 font-mono text-sm break-all select-all"
        >
          {token}
        </code>
        <Button variant="outline" data-autofocus onClick={() => void copy()}>
          {copied === 'yes' ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          Copy
        </Button>
      </div>
      <p role="status" className="min-h-4 text-xs text-muted-foreground">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copy failed: select the token and copy it by hand.'
            : ''}
      </p>
      <FormActions>
        <Button onClick={onClose}>Done</Button>
      </FormActions>
    </Dialog>
  );
}
