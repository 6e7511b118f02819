import { X } from 'lucide-react';
import SwaggerUI from 'swagger-ui-react';
import 'swagger-ui-react/swagger-ui.css';
import './apiViewer.css';
import { withSession } from './withSession';

/**
 * Swagger UI's component overrides. CloseIcon is the content of the one button that closes the Authorize dialog,
 * which has no other text: an icon alone leaves the button without a name (axe button-name), so it gets one.
 */
const accessible = () => ({
  components: {
    CloseIcon: () => (
      <>
        <X aria-hidden="true" className="size-5" />
        <span className="sr-only">Close</span>
      </>
    ),
  },
});
const PLUGINS = [accessible];

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
        plugins={PLUGINS}
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
