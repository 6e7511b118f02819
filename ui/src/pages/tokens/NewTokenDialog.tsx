import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { browser } from '../../lib/browser';

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
    <Dialog title="Your new API token" onClose={onClose}>
      <p>Copy it now: it will not be shown again.</p>
      <div className="token-box">
        <code data-testid="new-token-value" aria-label="API token">
          {token}
        </code>
        <button type="button" className="button" data-autofocus onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copy failed: select the token and copy it by hand.'
            : ''}
      </p>
      <div className="row end">
        <button type="button" className="button primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
