import { AppWindow, Check, CircleAlert, X } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AppAccessDecision, AppAccessReview } from '../../api/types';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { browser } from '../../lib/browser';
import { webUrl } from '../../lib/safeUrl';
import { FormActions } from '../models/formParts';
import { approvalList, initialChoices, type Choice } from './approvals';
import { reviewErrorMessage } from './reviewErrors';
import { ToolTypeChoice } from './ToolTypeChoice';
import { useAccessReview, useApproveApp, useDenyApp } from './useAccessReview';

function Alert({ message, testId = 'review-error' }: { message: string; testId?: string }) {
  return (
    <p
      className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive"
      role="alert"
      data-testid={testId}
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <span className="min-w-0 break-words">{message}</span>
    </p>
  );
}

/** The redirect flow's return address: the decision's redirect_url, only when it is a web address. */
function returnAddress(d: AppAccessDecision): string | null {
  return d.flow_type === 'redirect' ? webUrl(d.redirect_url) : null;
}

/** `/ui/apps/access-requests/review?id=`: a third-party app asks for access; the user grants toolsets or denies. */
export function ConsentReviewPage() {
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const review = useAccessReview(id);
  return (
    <Page
      title="App Access Request"
      description="An app asks to use this server as you. Nothing is shared until you approve."
    >
      {!id ? (
        <Alert message="No access request id was given." />
      ) : review.isPending ? (
        <Loading />
      ) : review.isError ? (
        <Alert message={reviewErrorMessage(review.error)} />
      ) : review.data.status !== 'draft' ? (
        <Card className="max-w-2xl p-4 md:p-6">
          <p role="status" data-testid="review-status">
            This request is already <strong>{review.data.status}</strong>.
          </p>
        </Card>
      ) : (
        <ReviewForm review={review.data} />
      )}
    </Page>
  );
}

function ReviewForm({ review }: { review: AppAccessReview }) {
  const [choices, setChoices] = useState<Record<string, Choice>>(() => initialChoices(review));
  const [done, setDone] = useState<AppAccessDecision | null>(null);
  const approve = useApproveApp(review.id);
  const deny = useDenyApp(review.id);
  const busy = approve.isPending || deny.isPending;
  const error = approve.error ?? deny.error;

  const finish = (d: AppAccessDecision) => {
    setDone(d);
    const target = returnAddress(d);
    if (target) browser.assign(target);
    else if (d.flow_type === 'popup') browser.close();
  };

  if (done) return <Outcome decision={done} />;

  return (
    <Card className="max-w-2xl p-4 md:p-6">
      <form
        className="grid gap-5"
        onSubmit={(e) => {
          e.preventDefault();
          approve.mutate(approvalList(choices), { onSuccess: finish });
        }}
      >
        <div className="flex items-start gap-3">
          <div className="rounded-full bg-muted p-2.5 text-muted-foreground">
            <AppWindow className="size-5" aria-hidden="true" />
          </div>
          <div className="grid min-w-0 gap-1">
            <p className="break-words">
              <strong>{review.app_name || review.app_client_id}</strong> wants to use this server on your behalf.
            </p>
            {review.app_description && <p className="text-sm text-muted-foreground">{review.app_description}</p>}
          </div>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-muted/50 px-3 py-2 text-sm">
          <dt className="text-muted-foreground">Client id</dt>
          <dd className="min-w-0 break-all">
            <code>{review.app_client_id}</code>
          </dd>
          <dt className="text-muted-foreground">Flow</dt>
          <dd>{review.flow_type}</dd>
        </dl>
        {review.requested.toolset_types.map(({ toolset_type }) => {
          const info = review.tools_info.find((t) => t.toolset_type === toolset_type);
          return (
            <ToolTypeChoice
              key={toolset_type}
              type={toolset_type}
              name={info?.name ?? toolset_type}
              description={info?.description ?? ''}
              instances={info?.instances ?? []}
              choice={choices[toolset_type] ?? { approve: false, instanceId: '' }}
              onChange={(c) => setChoices((prev) => ({ ...prev, [toolset_type]: c }))}
            />
          );
        })}
        {error && <Alert message={reviewErrorMessage(error)} />}
        <FormActions>
          <Button variant="outline" disabled={busy} onClick={() => deny.mutate(undefined, { onSuccess: finish })}>
            <X aria-hidden="true" />
            Deny
          </Button>
          <Button type="submit" disabled={busy}>
            <Check aria-hidden="true" />
            Approve
          </Button>
        </FormActions>
      </form>
    </Card>
  );
}

/** After approve or deny: on the way back to the app, or the outcome (and why the app was not opened). */
function Outcome({ decision }: { decision: AppAccessDecision }) {
  if (returnAddress(decision)) {
    return (
      <p role="status" data-testid="review-done">
        Returning to the app…
      </p>
    );
  }
  // A redirect_url that is not a web address (javascript:, data:, …) is never opened: it could run in this origin.
  const refused = decision.flow_type === 'redirect' && !!decision.redirect_url;
  return (
    <Card className="max-w-2xl p-4 md:p-6">
      <p role="status" data-testid="review-done">
        Request {decision.status}. You can close this window.
      </p>
      {refused && (
        <Alert
          testId="review-unsafe-redirect"
          message="The app's return address is not a web address, so Bodhi did not open it."
        />
      )}
    </Card>
  );
}
