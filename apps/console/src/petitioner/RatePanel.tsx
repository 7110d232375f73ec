/** 满意度评价: offered only while the API says `canRate`; one rating per reply (the API refuses a second). */
import { useState, type FormEvent } from 'react';
import { Button } from 'antd-mobile';
import { RATING_LABELS } from '../shared/labels';
import { ErrorText } from './ErrorText';
import { newRequestId } from './request-id';
import { rate, type PetitionerView, type Rating } from './public-api';

const RATINGS: Rating[] = ['satisfied', 'basicallySatisfied', 'dissatisfied'];

export function RatePanel(props: { id: string; code: string; onRated(view: PetitionerView): void }) {
  const [requestId] = useState(newRequestId);
  const [rating, setRating] = useState<Rating | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!rating) return;
    setBusy(true);
    setError(null);
    try {
      props.onRated(await rate(props.id, props.code, requestId, rating));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="pt-card" onSubmit={submit} aria-labelledby="rate-title">
      <h2 id="rate-title">评价处理意见</h2>
      <fieldset className="pt-choices">
        <legend>您对处理意见是否满意</legend>
        {RATINGS.map((r) => (
          <label key={r} className={rating === r ? 'pt-choice pt-chosen' : 'pt-choice'}>
            <input type="radio" name="rating" value={r} checked={rating === r} onChange={() => setRating(r)} />
            {RATING_LABELS[r]}
          </label>
        ))}
      </fieldset>
      <p className="pt-muted">每件处理意见只能评价一次。</p>
      <Button type="submit" color="primary" block disabled={!rating} loading={busy}>
        提交评价
      </Button>
      <ErrorText error={error} />
    </form>
  );
}
