import type { SettingInfo } from '../../api/types';

/** The groups of ui.md §8.5; keys not listed go to "Other". */
const GROUPS: [string, string[]][] = [
  ['App', ['BODHI_MULTI_TENANT', 'BODHI_VERSION', 'BODHI_COMMIT_SHA', 'BODHI_HOME']],
  ['Server', ['BODHI_HOST', 'BODHI_PORT']],
  [
    'Public URL',
    ['BODHI_PUBLIC_SCHEME', 'BODHI_PUBLIC_HOST', 'BODHI_PUBLIC_PORT', 'BODHI_CANONICAL_REDIRECT', 'BODHI_ORG_DOMAIN'],
  ],
  ['Storage', ['DATABASE_URL', 'SESSION_DB_URL', 'SESSION_DB_SCHEMA', 'REDIS_URL', 'BODHI_REDIS_PREFIX']],
  ['Security', ['BODHI_TRUSTED_PROXIES', 'BODHI_COOKIE_SECURE']],
  ['Authentication', ['BODHI_AUTH_URL', 'BODHI_AUTH_REALM']],
  ['Logging', ['BODHI_LOG_LEVEL', 'BODHI_LOG_FORMAT']],
  [
    'Local models',
    ['HF_HOME', 'BODHI_LLAMA_SERVER', 'BODHI_LLAMACPP_ARGS', 'BODHI_KEEP_ALIVE_SECS', 'BODHI_HF_BASE_URL'],
  ],
  ['Integrations', ['BODHI_EXA_BASE_URL']],
];

/** Only groups with keys the server returned, in the order of ui.md §8.5. */
export function groupSettings(settings: SettingInfo[]): { label: string; items: SettingInfo[] }[] {
  const listed = new Set(GROUPS.flatMap(([, keys]) => keys));
  const groups = GROUPS.map(([label, keys]) => ({
    label,
    items: keys.flatMap((k) => settings.filter((s) => s.key === k)),
  }));
  groups.push({ label: 'Other', items: settings.filter((s) => !listed.has(s.key)) });
  return groups.filter((g) => g.items.length > 0);
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const SOURCES: Record<SettingInfo['source'], string> = {
  command_line: 'Command line',
  environment: 'Environment',
  settings_file: 'Settings file',
  default: 'Default',
  system: 'System',
};

export function sourceLabel(source: SettingInfo['source']): string {
  return SOURCES[source] ?? source;
}
