/**
 * 申请复查 / 申请复核: offered only while the API says `canRequestReview` (within 30 days of
 * receiving the reply). The request needs nothing but its id; the case moves to the level above.
 */
import { useState } from 'react';
import { Button } from 'antd-mobile';
import { deadlineWhen } from '../shared/time';
import { ErrorText } from './ErrorText';
import { newRequestId } from './request-id';
import { requestReview, type PetitionerView } from './public-api';

export function ReviewRequestPanel(props: {
  id: string;
  code: string;
  view: PetitionerView;
  onRequested(view: PetitionerView): void;
}) {
  const [requestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Asked in place rather than in a modal: it reads the same to a screen reader and needs no focus trap.
  const [confirming, setConfirming] = useState(false);
  // After a review decision the next request is a re-review (复核) by the level above that.
  const what = props.view.step === 'reReviewWindow' ? '复核' : '复查';
  const deadline = props.view.currentDeadline;
  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onRequested(await requestReview(props.id, props.code, requestId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="pt-card" aria-labelledby="review-title">
      <h2 id="review-title">申请{what}</h2>
      <p>
        对处理意见不服的，可以在收到之日起 30 日内向上一级机关申请{what}
        {deadline?.lastDay ? `，${deadlineWhen(deadline)}` : ''}。
      </p>
      {confirming ? (
        <div role="group" aria-label={`确认申请${what}`} className="pt-confirm">
          <p>确认向上一级机关申请{what}？提交后不能撤回。</p>
          <div className="pt-actions">
            <Button color="warning" loading={busy} onClick={ask}>
              确认申请{what}
            </Button>
            <Button onClick={() => setConfirming(false)} disabled={busy}>
              取消
            </Button>
          </div>
        </div>
      ) : (
        <Button color="warning" fill="outline" block onClick={() => setConfirming(true)}>
          申请{what}
        </Button>
      )}
      <ErrorText error={error} />
    </section>
  );
}
