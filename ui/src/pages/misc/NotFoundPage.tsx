import { MapPinOff } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <EmptyState
        icon={MapPinOff}
        action={
          <Button asChild variant="outline">
            <Link to="/">Go to the start page</Link>
          </Button>
        }
      >
        <p>There is no page at this address.</p>
      </EmptyState>
    </Page>
  );
}
