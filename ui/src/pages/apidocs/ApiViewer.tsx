import SwaggerUI from 'swagger-ui-react';
import 'swagger-ui-react/swagger-ui.css';
import './apiViewer.css';
import { withSession } from './withSession';

/**
 * Swagger UI (swagger-ui-react), lazy-loaded by ApiDocsPage. Its stylesheet is bundled CSS (no <style> element is
 * made at run time, which the Content-Security-Policy would refuse); vite.config.ts points its dark theme at the
 * app's html.dark, and apiViewer.css dresses it in the app's tokens.
 */
export default function ApiViewer({ url }: { url: string }) {
  return (
    <div className="api-viewer min-w-0" data-testid="api-viewer">
      <SwaggerUI
        url={url}
        requestInterceptor={withSession}
        // the address bar stays the app's: no #/tag/operation fragments, and no ?url= or ?configUrl= read from it
        deepLinking={false}
        queryConfigEnabled={false}
        docExpansion="list"
        defaultModelsExpandDepth={0}
        displayRequestDuration
        filter
      />
    </div>
  );
}
