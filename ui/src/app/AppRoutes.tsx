import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import type { AppStatus } from '../api/types';
import type { RoleName } from '../lib/roles';
import { RequestAccessPage } from '../pages/access/RequestAccessPage';
import { ApiDocsPage } from '../pages/apidocs/ApiDocsPage';
import { ConsentReviewPage } from '../pages/apps/ConsentReviewPage';
import { ChatPage } from '../pages/chat/ChatPage';
import { AuthCallbackPage } from '../pages/login/AuthCallbackPage';
import { LoginPage } from '../pages/login/LoginPage';
import { NotFoundPage } from '../pages/misc/NotFoundPage';
import { ModelFilesPage } from '../pages/modelfiles/ModelFilesPage';
import { AliasFormPage } from '../pages/models/AliasFormPage';
import { ApiModelFormPage } from '../pages/models/ApiModelFormPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { PullPage } from '../pages/pull/PullPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { ApiModelsSetupPage } from '../pages/setup/ApiModelsSetupPage';
import { BrowserExtensionPage } from '../pages/setup/BrowserExtensionPage';
import { DownloadModelsPage } from '../pages/setup/DownloadModelsPage';
import { ResourceAdminPage } from '../pages/setup/ResourceAdminPage';
import { SetupCompletePage } from '../pages/setup/SetupCompletePage';
import { SetupPage } from '../pages/setup/SetupPage';
import { ToolsetsSetupPage } from '../pages/setup/ToolsetsSetupPage';
import { EditToolsetPage, NewToolsetPage } from '../pages/toolsets/ToolsetFormPage';
import { ToolsetsAdminPage } from '../pages/toolsets/ToolsetsAdminPage';
import { ToolsetsPage } from '../pages/toolsets/ToolsetsPage';
import { TokensPage } from '../pages/tokens/TokensPage';
import { UsagePage } from '../pages/usage/UsagePage';
import { AccessRequestsPage } from '../pages/users/AccessRequestsPage';
import { UsersPage } from '../pages/users/UsersPage';
import { Shell } from '../shell/Shell';
import { AppInitializer } from './AppInitializer';
import { HomeRedirect } from './HomeRedirect';
import { StandaloneOnly } from './StandaloneOnly';

/** A page of the signed-in app: status `ready`, logged in with a role, and at least `min`. */
function Ready({ min, children }: { min?: RoleName; children: ReactNode }) {
  return (
    <AppInitializer allowedStatus="ready" authenticated minRole={min}>
      {children}
    </AppInitializer>
  );
}

/** A standalone-only page outside the shell (setup). */
function Setup({ status, children }: { status: AppStatus; children: ReactNode }) {
  return (
    <StandaloneOnly>
      <AppInitializer allowedStatus={status}>{children}</AppInitializer>
    </StandaloneOnly>
  );
}

/** A standalone setup step after the first login (status `ready`, logged in), outside the shell. */
function SetupStepRoute({ children }: { children: ReactNode }) {
  return (
    <StandaloneOnly>
      <AppInitializer allowedStatus="ready" authenticated>
        {children}
      </AppInitializer>
    </StandaloneOnly>
  );
}

const SETUP_STEP_PAGES: [string, ReactNode][] = [
  ['setup/download-models', <DownloadModelsPage />],
  ['setup/api-models', <ApiModelsSetupPage />],
  ['setup/toolsets', <ToolsetsSetupPage />],
  ['setup/browser-extension', <BrowserExtensionPage />],
  ['setup/complete', <SetupCompletePage />],
];

/** The routes under the /ui basename (ui.md §7). */
export function AppRoutes() {
  return (
    <Routes>
      <Route index element={<HomeRedirect />} />
      <Route
        path="setup"
        element={
          <Setup status="setup">
            <SetupPage />
          </Setup>
        }
      />
      <Route
        path="setup/resource-admin"
        element={
          <Setup status="resource-admin">
            <ResourceAdminPage />
          </Setup>
        }
      />
      {SETUP_STEP_PAGES.map(([path, page]) => (
        <Route key={path} path={path} element={<SetupStepRoute>{page}</SetupStepRoute>} />
      ))}
      <Route
        path="login"
        element={
          <AppInitializer allowedStatus="ready">
            <LoginPage />
          </AppInitializer>
        }
      />
      <Route path="auth/callback" element={<AuthCallbackPage />} />
      <Route
        path="request-access"
        element={
          <AppInitializer allowedStatus="ready" authenticated allowRoleless>
            <RequestAccessPage />
          </AppInitializer>
        }
      />
      <Route
        element={
          <Ready>
            <Shell />
          </Ready>
        }
      >
        <Route path="chat" element={<ChatPage />} />
        <Route path="models" element={<ModelsPage />} />
        <Route
          path="api-models/new"
          element={
            <Ready min="power_user">
              <ApiModelFormPage mode="new" />
            </Ready>
          }
        />
        <Route
          path="api-models/edit"
          element={
            <Ready min="power_user">
              <ApiModelFormPage mode="edit" />
            </Ready>
          }
        />
        <Route
          path="tokens"
          element={
            <Ready min="power_user">
              <TokensPage />
            </Ready>
          }
        />
        <Route
          path="models/new"
          element={
            <StandaloneOnly>
              <Ready min="power_user">
                <AliasFormPage mode="new" />
              </Ready>
            </StandaloneOnly>
          }
        />
        <Route
          path="models/edit"
          element={
            <StandaloneOnly>
              <Ready min="power_user">
                <AliasFormPage mode="edit" />
              </Ready>
            </StandaloneOnly>
          }
        />
        <Route
          path="modelfiles"
          element={
            <StandaloneOnly>
              <ModelFilesPage />
            </StandaloneOnly>
          }
        />
        <Route
          path="pull"
          element={
            <StandaloneOnly>
              <Ready min="power_user">
                <PullPage />
              </Ready>
            </StandaloneOnly>
          }
        />
        <Route
          path="settings"
          element={
            <Ready min="admin">
              <SettingsPage />
            </Ready>
          }
        />
        <Route path="toolsets" element={<ToolsetsPage />} />
        <Route path="toolsets/new" element={<NewToolsetPage />} />
        <Route path="toolsets/edit" element={<EditToolsetPage />} />
        <Route
          path="toolsets/admin"
          element={
            <Ready min="admin">
              <ToolsetsAdminPage />
            </Ready>
          }
        />
        <Route
          path="users"
          element={
            <Ready min="manager">
              <UsersPage />
            </Ready>
          }
        />
        <Route
          path="users/pending"
          element={
            <Ready min="manager">
              <AccessRequestsPage pending />
            </Ready>
          }
        />
        <Route
          path="users/access-requests"
          element={
            <Ready min="manager">
              <AccessRequestsPage pending={false} />
            </Ready>
          }
        />
        <Route path="apps/access-requests/review" element={<ConsentReviewPage />} />
        <Route path="usage" element={<UsagePage />} />
        <Route path="api-docs" element={<ApiDocsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
