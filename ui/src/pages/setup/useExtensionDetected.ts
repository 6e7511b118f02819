import { useCallback, useEffect, useState } from 'react';

declare global {
  interface Window {
    /** Set by the Bodhi browser extension's content script. */
    bodhiext?: unknown;
  }
}

/** The event the extension fires once `window.bodhiext` is ready. */
export const EXTENSION_READY_EVENT = 'bodhiext:initialized';

/** Whether the Bodhi browser extension is present: now, or once it announces itself. */
export function useExtensionDetected() {
  const [detected, setDetected] = useState(() => window.bodhiext !== undefined);
  useEffect(() => {
    const onReady = () => setDetected(true);
    window.addEventListener(EXTENSION_READY_EVENT, onReady);
    return () => window.removeEventListener(EXTENSION_READY_EVENT, onReady);
  }, []);
  const recheck = useCallback(() => setDetected(window.bodhiext !== undefined), []);
  return { detected, recheck };
}
