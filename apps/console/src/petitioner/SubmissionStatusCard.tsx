/** A 网上信访 submission that is not a case (yet): received and waiting, or not registered, with the reason. */
import type { SubmissionStatus } from '../online/online-api';

export function SubmissionStatusCard({ status }: { status: SubmissionStatus }) {
  return (
    <section className="pt-card" data-testid="submission-status" aria-labelledby="submission-title">
      <h2 id="submission-title">网上信访</h2>
      <dl className="pt-pairs">
        <dt>提交编号</dt>
        <dd>{status.submissionNumber}</dd>
        <dt>受理单位</dt>
        <dd>{status.officeName}</dd>
        <dt>提交时间</dt>
        <dd>{status.submittedAt.slice(0, 16).replace('T', ' ')}</dd>
      </dl>
      <p className="pt-status">{status.statusText}</p>
      {status.notRegisteredReason ? (
        <p data-testid="not-registered-reason">告知：{status.notRegisteredReason}</p>
      ) : null}
    </section>
  );
}
