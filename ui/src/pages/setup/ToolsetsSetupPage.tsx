import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppToolsetConfig } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { toast } from '../../lib/toast';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { ConfirmTypeDialog } from '../toolsets/ConfirmTypeDialog';
import { ToolsetForm } from '../toolsets/ToolsetForm';
import { createRequest } from '../toolsets/toolsetForm';
import { toolsetStatus } from '../toolsets/toolsetStatus';
import { useCreateToolset, useToolsets } from '../toolsets/useToolsets';
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
      <p>
        Toolsets let chat models call tools. Exa web search lets them look things up on the web, using your own Exa API
        key (get one at{' '}
        <a href="https://dashboard.exa.ai/api-keys" target="_blank" rel="noopener noreferrer">
          dashboard.exa.ai
        </a>
        ).
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : !exa ? (
        <p className="muted">This server has no Exa toolset.</p>
      ) : (
        <>
          <div className="setup-type">
            <div>
              <strong>{exa.name}</strong>
              <p className="hint">{exa.description}</p>
            </div>
            {isAdmin ? (
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={exa.enabled}
                  aria-label={`Enabled: ${exa.name}`}
                  onChange={() => setConfirming(exa)}
                />
                <span>{exa.enabled ? 'Enabled' : 'Disabled'}</span>
              </label>
            ) : (
              <span className="badge">{exa.enabled ? 'Enabled' : 'Disabled'}</span>
            )}
          </div>
          {instances.length > 0 ? (
            <ul className="setup-done" aria-label="Your Exa toolsets">
              {instances.map((t) => (
                <li key={t.id}>
                  <span className="success">Set up</span> as <code>{t.slug}</code>: {toolsetStatus(t, [exa])}
                </li>
              ))}
            </ul>
          ) : !exa.enabled ? (
            <p className="muted">
              {isAdmin
                ? 'Enable Exa web search for this server to add your API key.'
                : 'An admin has to enable Exa web search before you can add your key.'}
            </p>
          ) : (
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
          )}
        </>
      )}
      <div className="row end">
        <button type="button" className="button primary" onClick={() => navigate(nextStep('/setup/toolsets'))}>
          Continue
        </button>
      </div>
      {confirming && <ConfirmTypeDialog type={confirming} onClose={() => setConfirming(null)} />}
    </SetupStep>
  );
}
