/**
 * 送达 as a record (DOMAIN §2 step 6, §2a): how a written reply or decision reached the petitioner,
 * the date on its 送达回证 and who signed it; and which date of a review request sent by post
 * counts for what. Pure data and checks, read by the workflow's validator and the API alike.
 */
import { articles, cite } from './articles';

/** 直接送达 · 邮寄送达 · 电子送达 · 留置送达 · 公告送达 */
export type DeliveryMethod = 'direct' | 'post' | 'electronic' | 'leftAtResidence' | 'publicNotice';
export const DELIVERY_METHODS: readonly DeliveryMethod[] = [
  'direct',
  'post',
  'electronic',
  'leftAtResidence',
  'publicNotice',
];

/**
 * Who signed the 送达回证, by capacity (their name stays on the paper receipt, outside the workflow:
 * no personal data in Temporal): the petitioner, an adult family member living with them, their
 * agent (代理人/代收人), or — for 留置送达, when the recipient refuses to sign — the witnesses (见证人).
 */
export type DeliverySigner = 'petitioner' | 'familyMember' | 'agent' | 'witness';
export const DELIVERY_SIGNERS: readonly DeliverySigner[] = ['petitioner', 'familyMember', 'agent', 'witness'];

/**
 * Who may sign for each method. 电子送达 (the date it reached the petitioner's system) and 公告送达
 * (the date the announcement period ended) have no signature; 留置送达 is signed by witnesses.
 */
export const SIGNERS_BY_METHOD: Readonly<Record<DeliveryMethod, readonly DeliverySigner[]>> = {
  direct: ['petitioner', 'familyMember', 'agent'],
  post: ['petitioner', 'familyMember', 'agent'],
  electronic: [],
  leftAtResidence: ['witness'],
  publicNotice: [],
};

/** The delivery of one document as the case records it. */
export interface DeliveryRecord {
  /** What was delivered: the 处理意见书, the 复查意见书 or the 复核意见书. */
  of: 'reply' | 'reviewDecision' | 'reReviewDecision';
  documentId: string | null;
  method: DeliveryMethod;
  /** The date on the 送达回证, as an instant (never before the document was issued). */
  deliveredAt: number;
  signedBy: DeliverySigner | null;
  /** The scanned 送达回证 among the case's materials, when one was uploaded (absent before materials). */
  receiptFileId?: string | null;
  /** When the clerk recorded it. */
  recordedAt: number;
}

/** Why a method and signer do not go together, or null. */
export function deliverySignerProblem(
  method: DeliveryMethod,
  signedBy: DeliverySigner | null | undefined,
): 'signerRequired' | 'noSigner' | 'wrongSigner' | null {
  const allowed = SIGNERS_BY_METHOD[method];
  if (allowed.length === 0) return signedBy ? 'noSigner' : null;
  if (!signedBy) return 'signerRequired';
  return allowed.includes(signedBy) ? null : 'wrongSigner';
}

/**
 * A review (复查) or re-review (复核) request sent by post: the postmark date decides whether it was
 * asked in time (the article gives the petitioner 30 days "to request": the request is made when it
 * is posted, and the time it spends in the post is not the petitioner's); the organ's decision clock
 * runs from the day it received the request (the article: "自收到复查请求之日起").
 */
export const MAILED_REQUEST_DATES = {
  requestWindowMetBy: 'postmarkedAt',
  decisionClockFrom: 'receivedAt',
  basis: `${cite('review')}、${articles('reReview')}：请求期限以邮戳日期为准，复查、复核期限自收到请求之日起算`,
} as const;
