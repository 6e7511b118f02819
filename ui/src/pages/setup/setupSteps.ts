// The standalone setup flow in order (ui.md §7); paths are router paths (the basename /ui is implied).
export const SETUP_STEPS = [
  { path: '/setup', label: 'Welcome' },
  { path: '/setup/resource-admin', label: 'Admin' },
  { path: '/setup/download-models', label: 'Local models' },
  { path: '/setup/api-models', label: 'API models' },
  { path: '/setup/toolsets', label: 'Toolsets' },
  { path: '/setup/browser-extension', label: 'Extension' },
  { path: '/setup/complete', label: 'Done' },
] as const;

export type SetupPath = (typeof SETUP_STEPS)[number]['path'];

/** The step after `path`; the last one leads to chat. */
export function nextStep(path: SetupPath): string {
  const i = SETUP_STEPS.findIndex((s) => s.path === path);
  return SETUP_STEPS[i + 1]?.path ?? '/chat';
}
