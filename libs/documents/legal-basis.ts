/**
 * The articles of the 2022 《信访工作条例》 the notices cite, from the one table in
 * libs/process/articles.ts (also read by the policy's `basis` and the Chinese messages).
 */
import { REGULATION, cite } from '../process/articles';

export { REGULATION };

export const ARTICLES = {
  /** 申诉求决类事项: matters for litigation, arbitration, administrative review are 导入 that procedure. */
  redirect: cite('redirect'),
  /** 信访处理意见书: 予以支持 · 作出解释说明 · 不予支持. */
  replyOutcomes: cite('replyOutcomes'),
  /** 60日内办结; extension by at most 30 days, with the reason told in writing. */
  handlingPeriod: cite('handlingPeriod'),
  /** 复查 within 30 days of receiving the reply, decided within 30 days. */
  review: cite('review'),
  /** 复核 within 30 days of receiving the review decision; a re-review is final (不再受理). */
  reReview: cite('reReview'),
  /** Registered and told of receipt; a matter not within the organ's authority: told where to turn. */
  acceptanceNotice: cite('acceptanceNotice'),
} as const;

/** Added after a last day in a year whose official holiday notice is not out yet. */
export const PROVISIONAL_DAY = '如遇法定节假日顺延';
