import type { ReactNode } from 'react';
import { usePageTitle } from '../shell/pageTitle';

interface Props {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}

/** A page body: its heading (with optional actions beside it), the document title, the breadcrumb. */
export function Page({ title, actions, children }: Props) {
  usePageTitle(title);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
