import { CircleCheck } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppToolsetConfig } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Badge } from '../../components/ui/badge';
import { Switch } from '../../components/ui/switch';
import { toast } from '../../lib/toast';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { ConfirmTypeDialog } from '../toolsets/ConfirmTypeDialog';
import { ToolsetForm } from '../toolsets/ToolsetForm';
import { createRequest } from '../toolsets/toolsetForm';
import { toolsetStatus } from '../toolsets/toolsetStatus';
import { useCreateToolset, useToolsets } from '../toolsets/useToolsets';
import { NextButton } from './NextButton';
import { ScreenText } from './ScreenCard';
import { SetupStep } from './SetupStep';
import { nextStep } from './setupSteps';

export const EXA_TYPE = 'builtin-exa-search';
const EXA_SLUG = 'exa-search';

/**
 * `/ui/setup/toolsets`: Exa web search for chat. Admins can enable the type for the org (with confirmation); then
 * the user stores an Exa API key in an instance. Continue moves on either way.
 */
export function ToolsetsSetupPage() {
  const navigate = useNavigate();
  const isAdmin = hasRole(roleOf(useUser().data), 'admin');
  const list = useToolsets();
  const create = useCreateToolset();
  const [confirming, setConfirming] = useState<AppToolsetConfig | null>(null);
  const exa = list.data?.toolset_types.find((t) => t.toolset_type === EXA_TYPE);
  const instances = list.data?.toolsets.filter((t) => t.toolset_type === EXA_TYPE) ?? [];

  return (
    <SetupStep step="/setup/toolsets" title="Set up web search" wide>
      <ScreenText>
        Toolsets let chat models call tools. Exa web search lets them look things up on the web, using your own Exa API
        key (get one at{' '}
        <a
          className="text-primary underline underline-offset-4"
          href="https://dashboard.exa.ai/api-keys"
          target="_blank"
          rel="noopener noreferrer"
        >
          dashboard.exa.ai
        </a>
        ).
      </ScreenText>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : !exa ? (
        <ScreenText>This server has no Exa toolset.</ScreenText>
      ) : (
        <>
          <div className="flex flex-col gap-3 rounded-lg border border-border p-4 sm:flex-row sm:items-center">
            <div className="grid min-w-0 flex-1 gap-0.5">
              <strong className="font-medium">{exa.name}</strong>
              <p className="text-xs text-muted-foreground">{exa.description}</p>
            </div>
            <div className="flex items-center gap-2">
              {isAdmin && (
                <Switch
                  checked={exa.enabled}
                  aria-label={`Enabled: ${exa.name}`}
                  onCheckedChange={() => setConfirming(exa)}
                />
              )}
              <Badge variant={exa.enabled ? 'success' : 'secondary'}>{exa.enabled ? 'Enabled' : 'Disabled'}</Badge>
            </div>
          </div>
          {instances.length > 0 ? (
            <ul className="grid gap-2" aria-label="Your Exa toolsets">
              {instances.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center gap-2 text-sm">
                  <CircleCheck className="size-4 text-success" aria-hidden="true" />
                  <span className="font-medium text-success">Set up</span> as <code>{t.slug}</code>:{' '}
                  {toolsetStatus(t, [exa])}
                </li>
              ))}
            </ul>
          ) : !exa.enabled ? (
            <ScreenText>
              {isAdmin
                ? 'Enable Exa web search for this server to add your API key.'
                : 'An admin has to enable Exa web search before you can add your key.'}
            </ScreenText>
          ) : (
            <div className="rounded-lg border border-border p-4">
              <ToolsetForm
                mode="new"
                initial={{
                  toolsetType: EXA_TYPE,
                  slug: EXA_SLUG,
                  description: '',
                  enabled: true,
                  apiKey: '',
                  replaceKey: false,
                }}
                types={[exa]}
                hasKey={false}
                onSubmit={async (v) => {
                  await create.mutateAsync(createRequest(v));
                  toast.success('Exa web search is set up', v.slug);
                }}
              />
            </div>
          )}
        </>
      )}
      <NextButton onClick={() => navigate(nextStep('/setup/toolsets'))} />
      {confirming && <ConfirmTypeDialog type={confirming} onClose={() => setConfirming(null)} />}
    </SetupStep>
  );
}
