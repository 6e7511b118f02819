import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import type { AppStatus } from '../api/types';
import type { RoleName } from '../lib/roles';
import { RequestAccessPage } from '../pages/access/RequestAccessPage';
import { ChatPage } from '../pages/chat/ChatPage';
import { AuthCallbackPage } from '../pages/login/AuthCallbackPage';
import { LoginPage } from '../pages/login/LoginPage';
import { ComingSoonPage } from '../pages/misc/ComingSoonPage';
import { NotFoundPage } from '../pages/misc/NotFoundPage';
import { ApiModelFormPage } from '../pages/models/ApiModelFormPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { ResourceAdminPage } from '../pages/setup/ResourceAdminPage';
import { SetupPage } from '../pages/setup/SetupPage';
import { TokensPage } from '../pages/tokens/TokensPage';
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

/** The routes under the /ui basename (ui.md §7). Routes of later slices render ComingSoonPage. */
export function AppRoutes() {
  const soon = (title: string) => <ComingSoonPage title={title} />;
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
        <Route path="setup/*" element={<StandaloneOnly>{soon('Setup')}</StandaloneOnly>} />
        <Route path="models/new" element={<StandaloneOnly>{soon('New Model Alias')}</StandaloneOnly>} />
        <Route path="models/edit" element={<StandaloneOnly>{soon('Edit Model Alias')}</StandaloneOnly>} />
        <Route path="modelfiles" element={<StandaloneOnly>{soon('Model Files')}</StandaloneOnly>} />
        <Route path="pull" element={<StandaloneOnly>{soon('Model Downloads')}</StandaloneOnly>} />
        <Route path="settings" element={<Ready min="admin">{soon('App Settings')}</Ready>} />
        <Route path="toolsets/*" element={soon('Toolsets')} />
        <Route path="users/*" element={<Ready min="manager">{soon('Manage Users')}</Ready>} />
        <Route path="apps/*" element={soon('App Access Request')} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
