/** Which reply a case is on: the key a rating (满意度评价) is recorded under. */
import type { Step } from './policy';

/** The handling reply of this round, or, once the review reply was delivered, the review reply. */
export function currentReplyKey(step: Step, handlingRound: number): string {
  return step === 'reReviewWindow' ? `reviewReply#${handlingRound}` : `reply#${handlingRound}`;
}
