import { FileJson } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';

/** The server's OpenAPI document (public; server package apidoc, committed copy in docs/openapi.json). */
export const OPENAPI_URL = '/api-docs/openapi.json';

// Swagger UI and its stylesheet are a chunk of their own, fetched when this page first shows (~1.5 MB): the app's
// main bundle does not carry them.
const ApiViewer = lazy(() => import('./ApiViewer'));

/** The API reference: the OpenAPI document in an interactive viewer whose "Try it out" calls this org's API. */
export function ApiDocsPage() {
  return (
    <Page
      title="API reference"
      description={
        <>
          This server&apos;s OpenAPI 3.1 document: its management API (<code>/bodhi/v1</code>), the OpenAI API (
          <code>/v1</code>) and the Ollama API (<code>/api</code>). <em>Try it out</em> sends requests to this
          organization as you, with your browser session. Client generators can read the raw document at{' '}
          <a href={OPENAPI_URL} data-testid="openapi-raw-link" className="underline underline-offset-2">
            {OPENAPI_URL}
          </a>
          .
        </>
      }
      actions={
        <Button asChild variant="outline">
          <a href={OPENAPI_URL} target="_blank" rel="noreferrer">
            <FileJson aria-hidden="true" />
            OpenAPI JSON
          </a>
        </Button>
      }
    >
      <Suspense fallback={<Loading label="Loading the API reference…" />}>
        <ApiViewer url={OPENAPI_URL} />
      </Suspense>
    </Page>
  );
}
