import { Construction } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';

/** A route of ui.md that a later slice of the UI fills in; it keeps navigation from dead-ending meanwhile. */
export function ComingSoonPage({ title }: { title: string }) {
  return (
    <Page title={title}>
      <EmptyState
        icon={Construction}
        action={
          <Button asChild variant="outline">
            <Link to="/chat">Go to Chat</Link>
          </Button>
        }
      >
        <p>This page is not part of the web UI yet. Its API works already.</p>
      </EmptyState>
    </Page>
  );
}
