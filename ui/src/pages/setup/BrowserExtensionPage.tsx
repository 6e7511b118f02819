import { useNavigate } from 'react-router';
import { BROWSERS, detectBrowser, type BrowserInfo } from './browserDetect';
import { SetupStep } from './SetupStep';
import { nextStep } from './setupSteps';
import { useExtensionDetected } from './useExtensionDetected';

/**
 * `/ui/setup/browser-extension`: the Bodhi extension lets web pages use this server's models with the user's
 * consent. Shows the detected browser, whether the extension is installed, and the store links.
 */
export function BrowserExtensionPage() {
  const navigate = useNavigate();
  const browser = detectBrowser(navigator.userAgent);
  const { detected, recheck } = useExtensionDetected();
  const others = Object.values(BROWSERS).filter((b) => b.id !== browser.id && b.id !== 'unknown');

  return (
    <SetupStep step="/setup/browser-extension" title="Browser extension">
      <p>
        The Bodhi browser extension lets web apps you trust use this server&apos;s models, with your consent for each
        app.
      </p>
      <p data-testid="detected-browser">
        Detected browser: <strong>{browser.name}</strong>
      </p>
      {detected ? (
        <p className="success" role="status" data-testid="extension-status">
          The Bodhi extension is installed.
        </p>
      ) : (
        <>
          <p role="status" data-testid="extension-status">
            The Bodhi extension was not found in this browser.
          </p>
          <StoreLink browser={browser} />
          <button type="button" className="button" onClick={recheck}>
            Check again
          </button>
        </>
      )}
      <details className="setup-others">
        <summary>Other browsers</summary>
        <ul>
          {others.map((b) => (
            <li key={b.id}>
              <StoreLink browser={b} />
            </li>
          ))}
        </ul>
      </details>
      <div className="row end">
        <button type="button" className="button primary" onClick={() => navigate(nextStep('/setup/browser-extension'))}>
          Continue
        </button>
      </div>
    </SetupStep>
  );
}

function StoreLink({ browser }: { browser: BrowserInfo }) {
  if (!browser.storeUrl) return <p className="muted">The extension is not available for {browser.name} yet.</p>;
  return (
    <p>
      <a href={browser.storeUrl} target="_blank" rel="noopener noreferrer">
        Get the Bodhi extension for {browser.name}
      </a>
    </p>
  );
}
