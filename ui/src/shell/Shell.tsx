import { useState } from 'react';
import { Link, Outlet } from 'react-router';
import { OrgSwitcher } from '../org/OrgSwitcher';
import { CrumbContext } from './pageTitle';
import { Sidebar } from './Sidebar';
import { UserMenu } from './UserMenu';

/** Header (logo, org, breadcrumb, user menu), sidebar, and the page. */
export function Shell() {
  const [crumb, setCrumb] = useState('');
  return (
    <CrumbContext.Provider value={setCrumb}>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="header">
          <Link to="/chat" className="logo" aria-label="Bodhi home">
            Bodhi
          </Link>
          <OrgSwitcher />
          {crumb && (
            <nav aria-label="Breadcrumb" className="breadcrumb">
              <span aria-current="page">{crumb}</span>
            </nav>
          )}
          <div className="header-end">
            <UserMenu />
          </div>
        </header>
        <Sidebar />
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </CrumbContext.Provider>
  );
}
