/**
 * 申请复查 / 申请复核: offered only while the API says `canRequestReview` (within 30 days of
 * receiving the reply). The request needs nothing but its id; the case moves to the level above.
 */
import { useState } from 'react';
import { Button, Dialog } from 'antd-mobile';
import { ErrorText } from './ErrorText';
import { newRequestId } from './request-id';
import { requestReview, type PetitionerView } from './public-api';

export function ReviewRequestPanel(props: { id: string; code: string; view: PetitionerView; onRequested(view: PetitionerView): void }) {
  const [requestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // After a review decision the next request is a re-review (复核) by the level above that.
  const what = props.view.step === 'reReviewWindow' ? '复核' : '复查';
  const deadline = props.view.currentDeadline;
  const ask = async () => {
    const confirmed = await Dialog.confirm({ content: `确认向上一级机关申请${what}？提交后不能撤回。`, confirmText: `申请${what}`, cancelText: '取消' });
    if (!confirmed) return;
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
        {deadline?.lastDay ? `，截止 ${deadline.lastDay}` : ''}。
      </p>
      <Button color="warning" fill="outline" block loading={busy} onClick={ask}>
        申请{what}
      </Button>
      <ErrorText error={error} />
    </section>
  );
}
