import { TriangleAlert } from 'lucide-react';
import { ScreenMessage } from '../components/ScreenMessage';
import { Button } from '../components/ui/button';

interface Props {
  message: string;
  onRetry: () => void;
}

/** A bootstrap failure that is not an org error: network down, 5xx, an unexpected status (ui.md §3.2, §6). */
export function AppErrorScreen({ message, onRetry }: Props) {
  return (
    <ScreenMessage testId="app-error" role="alert" icon={TriangleAlert} tone="destructive" title="Something went wrong">
      <p className="break-words">{message}</p>
      <Button className="justify-self-start" onClick={onRetry}>
        Retry
      </Button>
    </ScreenMessage>
  );
}
