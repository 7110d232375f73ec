/**
 * The one table of the articles of the 2022 《信访工作条例》 (in force 2022-05-01) this service cites:
 * the policy's `basis`, the notices (libs/documents/legal-basis.ts) and the Chinese messages all
 * read it, so no text can keep a stale number. The 2005 《信访条例》 numbered differently: its
 * Art 33 (60 days) is Art 34 here, its 34 (复查) is 35, its 35 (复核, 不再受理) is 36.
 */
export const REGULATION = '《信访工作条例》';

/** An article, optionally one item (项) of it. */
export interface ArticleRef {
  article: number;
  item?: number;
}

/** What each cited article says, in a word; `refs` are the articles (and items) cited for it. */
export const ARTICLE_TABLE = {
  /** 信访部门 登记 and 15日内 转送、交办 or 告知. */
  routing: { refs: [{ article: 21 }], about: '信访部门登记后15日内转送、交办' },
  /** Other organs register; 告知 the petitioner of receipt, and where to turn when not theirs. */
  acceptanceNotice: { refs: [{ article: 22 }], about: '登记并告知信访人接收情况，不属于职权范围的告知向有权机关提出' },
  /** 5个工作日内提出异议, verified by the routing office (核实同意). */
  misrouteObjection: { refs: [{ article: 23 }], about: '不属于职权范围的，5个工作日内提出异议' },
  /** 恪尽职守…不得推诿、敷衍、拖延. */
  noDelay: { refs: [{ article: 28 }], about: '不得推诿、敷衍、拖延' },
  /** 检举控告: never disclosed or passed to the accused. */
  accusation: { refs: [{ article: 30 }], about: '检举控告类事项' },
  /** 申诉求决类: 导入 litigation, arbitration, administrative review … */
  redirect: { refs: [{ article: 31 }], about: '申诉求决类事项导入相应法定程序' },
  /** 信访处理意见书: 予以支持 · 作出解释说明 · 不予支持. */
  replyOutcomes: { refs: [{ article: 32 }], about: '信访处理意见书：支持、解释说明、不予支持' },
  /** 60日内办结; once extended by at most 30 days, the reason told. */
  handlingPeriod: { refs: [{ article: 34 }], about: '60日内办结，延长不超过30日' },
  /** 复查: asked within 30 days of receiving the reply, decided within 30 days of receiving the request. */
  review: { refs: [{ article: 35 }], about: '复查' },
  /** 复核: as 复查, hearing time excluded; final: the same facts and reasons are not accepted again. */
  reReview: { refs: [{ article: 36 }], about: '复核；复核终结后不再受理' },
  /** 督办, and the written feedback within 30 days. */
  supervision: { refs: [{ article: 40 }], about: '督办及书面反馈' },
  /** Registration, routing and supervision by petition offices not done as required. */
  registrationDuty: { refs: [{ article: 43 }, { article: 44 }], about: '未按规定登记、转送、交办' },
  /** A petition office that does not register, route or hand down as required. */
  routingDuty: { refs: [{ article: 43 }], about: '信访部门未按规定登记、转送、交办' },
  /** 不予受理 within authority; 未在规定期限内书面告知. */
  acceptanceDuty: { refs: [{ article: 44 }], about: '不予受理或者未按期告知' },
  /** 推诿、敷衍、拖延 or not finished in time. */
  handlingDuty: { refs: [{ article: 28 }, { article: 45 }], about: '推诿、敷衍、拖延或者未按期办结' },
  /** Review organs deciding late. */
  decisionDuty: { refs: [{ article: 45 }], about: '未在规定期限内办结' },
  /** 重大、紧急信访事项 隐瞒、谎报、缓报. */
  urgentReport: { refs: [{ article: 46, item: 4 }], about: '重大紧急信访事项隐瞒、缓报' },
  /** Disclosing accusations to the accused. */
  accusedParty: { refs: [{ article: 30 }, { article: 46, item: 5 }], about: '将检举控告材料透露或者转给被检举控告人' },
} as const satisfies Record<string, { refs: readonly ArticleRef[]; about: string }>;

export type ArticleKey = keyof typeof ARTICLE_TABLE;

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals: 21 → 二十一, 10 → 十, 40 → 四十. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`no Chinese numeral for ${n} here`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}

function articleWords(ref: ArticleRef): string {
  return `第${chineseNumeral(ref.article)}条${ref.item ? `第${chineseNumeral(ref.item)}项` : ''}`;
}

/** The articles of a key, without the regulation's name: 第二十八条、第四十五条. */
export function articles(key: ArticleKey): string {
  return ARTICLE_TABLE[key].refs.map(articleWords).join('、');
}

/** The regulation and the articles of a key: 《信访工作条例》第三十五条. */
export function cite(key: ArticleKey): string {
  return `${REGULATION}${articles(key)}`;
}

/** Every article number the table cites, for checking texts against it. */
export function citedArticleNumbers(): number[] {
  return [...new Set(Object.values(ARTICLE_TABLE).flatMap((e) => e.refs.map((r) => r.article)))].sort((a, b) => a - b);
}
