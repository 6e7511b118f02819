import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from '../../lib/toast';
import { IconButton } from './IconButton';

const FEEDBACK_MS = 2000;

/** Copies `text` to the clipboard; its name turns to "Copied" for a moment as confirmation. */
export function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), FEEDBACK_MS);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      toast.error('Could not copy', 'The browser did not allow access to the clipboard.');
    }
  };
  return (
    <IconButton label={copied ? 'Copied' : 'Copy'} onClick={() => void copy()}>
      {copied ? <Check className="text-success" aria-hidden /> : <Copy aria-hidden />}
    </IconButton>
  );
}
