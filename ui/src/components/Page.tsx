import type { ReactNode } from 'react';
import { usePageTitle } from '../shell/pageTitle';

interface Props {
  title: string;
  /** A line under the heading saying what the page is for. */
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

/** A page body: its heading (with optional actions beside it), the document title, the breadcrumb. */
export function Page({ title, description, actions, children }: Props) {
  usePageTitle(title);
  return (
    <section className="mx-auto flex w-full max-w-6xl min-w-0 flex-col gap-6" aria-labelledby="page-title">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid min-w-0 gap-1">
          <h1 id="page-title" className="m-0 text-2xl font-semibold tracking-tight break-words">
            {title}
          </h1>
          {description && <p className="text-sm text-muted-foreground">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
