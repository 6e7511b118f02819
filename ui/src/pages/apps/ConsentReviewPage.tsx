import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AppAccessDecision, AppAccessReview } from '../../api/types';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { browser } from '../../lib/browser';
import { webUrl } from '../../lib/safeUrl';
import { approvalList, initialChoices, type Choice } from './approvals';
import { reviewErrorMessage } from './reviewErrors';
import { ToolTypeChoice } from './ToolTypeChoice';
import { useAccessReview, useApproveApp, useDenyApp } from './useAccessReview';

function Alert({ message, testId = 'review-error' }: { message: string; testId?: string }) {
  return (
    <p className="error" role="alert" data-testid={testId}>
      {message}
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
    <Page title="App Access Request">
      {!id ? (
        <Alert message="No access request id was given." />
      ) : review.isPending ? (
        <Loading />
      ) : review.isError ? (
        <Alert message={reviewErrorMessage(review.error)} />
      ) : review.data.status !== 'draft' ? (
        <p role="status" data-testid="review-status">
          This request is already <strong>{review.data.status}</strong>.
        </p>
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
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        approve.mutate(approvalList(choices), { onSuccess: finish });
      }}
    >
      <p>
        <strong>{review.app_name || review.app_client_id}</strong> wants to use this server on your behalf.
      </p>
      {review.app_description && <p className="muted">{review.app_description}</p>}
      <dl>
        <dt>Client id</dt>
        <dd>
          <code>{review.app_client_id}</code>
        </dd>
        <dt>Flow</dt>
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
      <div className="row end">
        <button
          type="button"
          className="button danger"
          disabled={busy}
          onClick={() => deny.mutate(undefined, { onSuccess: finish })}
        >
          Deny
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          Approve
        </button>
      </div>
    </form>
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
    <>
      <p role="status" data-testid="review-done">
        Request {decision.status}. You can close this window.
      </p>
      {refused && (
        <Alert
          testId="review-unsafe-redirect"
          message="The app's return address is not a web address, so Bodhi did not open it."
        />
      )}
    </>
  );
}
