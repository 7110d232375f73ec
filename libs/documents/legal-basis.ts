/**
 * The articles of the 2022 《信访工作条例》 (in force 2022-05-01) the notices cite. Its numbering
 * is not the 2005 《信访条例》's: the 60-day period, 复查 and 复核 were Arts 33–35 there and are
 * Arts 34–36 now. One place, so a wording never cites a stale number.
 */
export const REGULATION = '《信访工作条例》';

export const ARTICLES = {
  /** 申诉求决类事项: matters for litigation, arbitration, administrative review are 导入 that procedure. */
  redirect: `${REGULATION}第三十一条`,
  /** 信访处理意见书: 予以支持 · 作出解释说明 · 不予支持. */
  replyOutcomes: `${REGULATION}第三十二条`,
  /** 60日内办结; extension by at most 30 days, with the reason told in writing. */
  handlingPeriod: `${REGULATION}第三十四条`,
  /** 复查 within 30 days of receiving the reply, decided within 30 days. */
  review: `${REGULATION}第三十五条`,
  /** 复核 within 30 days of receiving the review decision; a re-review is final (不再受理). */
  reReview: `${REGULATION}第三十六条`,
} as const;

/** Added after a last day in a year whose official holiday notice is not out yet. */
export const PROVISIONAL_DAY = '如遇法定节假日顺延';
