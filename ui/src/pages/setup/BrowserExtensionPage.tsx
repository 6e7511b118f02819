import { CircleCheck, ExternalLink, RefreshCw } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/button';
import { BROWSERS, detectBrowser, type BrowserInfo } from './browserDetect';
import { NextButton } from './NextButton';
import { ScreenText } from './ScreenCard';
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
      <ScreenText>
        The Bodhi browser extension lets web apps you trust use this server&apos;s models, with your consent for each
        app.
      </ScreenText>
      <div className="grid gap-3 rounded-lg border border-border p-4">
        <p className="text-sm" data-testid="detected-browser">
          Detected browser: <strong>{browser.name}</strong>
        </p>
        {detected ? (
          <p
            className="flex items-center gap-2 text-sm font-medium text-success"
            role="status"
            data-testid="extension-status"
          >
            <CircleCheck className="size-4" aria-hidden="true" />
            The Bodhi extension is installed.
          </p>
        ) : (
          <>
            <p className="text-sm" role="status" data-testid="extension-status">
              The Bodhi extension was not found in this browser.
            </p>
            <StoreLink browser={browser} />
            <Button variant="outline" className="w-fit" onClick={recheck}>
              <RefreshCw aria-hidden="true" />
              Check again
            </Button>
          </>
        )}
      </div>
      <details className="group text-sm">
        <summary className="cursor-pointer rounded-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring">
          Other browsers
        </summary>
        <ul className="mt-2 grid gap-1 pl-4">
          {others.map((b) => (
            <li key={b.id}>
              <StoreLink browser={b} />
            </li>
          ))}
        </ul>
      </details>
      <NextButton onClick={() => navigate(nextStep('/setup/browser-extension'))} />
    </SetupStep>
  );
}

function StoreLink({ browser }: { browser: BrowserInfo }) {
  if (!browser.storeUrl)
    return <p className="text-sm text-muted-foreground">There is no Bodhi extension for {browser.name} yet.</p>;
  return (
    <p className="text-sm">
      <a
        className="inline-flex items-center gap-1 text-primary underline-offset-4 hover:underline"
        href={browser.storeUrl}
        target="_blank"
        rel="noopener noreferrer"
      >
        Get the Bodhi extension for {browser.name}
        <ExternalLink className="size-3.5" aria-hidden="true" />
      </a>
    </p>
  );
}
