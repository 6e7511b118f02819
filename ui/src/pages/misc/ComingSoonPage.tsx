import { Link } from 'react-router';
import { Page } from '../../components/Page';

/** A route of ui.md that a later slice of the UI fills in; it keeps navigation from dead-ending meanwhile. */
export function ComingSoonPage({ title }: { title: string }) {
  return (
    <Page title={title}>
      <p>This page is not part of the web UI yet. Its API works already.</p>
      <p>
        <Link to="/chat">Go to Chat</Link>
      </p>
    </Page>
  );
}
