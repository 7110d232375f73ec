/**
 * The statutory notices as documents (DOMAIN §2): 受理告知书, 不予受理告知书, 延长办理期限告知书,
 * 处理意见书, 复查意见书, 复核意见书, 不再受理告知书, 导入法定途径告知书. Each is laid out as an
 * official letter: the issuing unit, the title, the 文号, the petitioner addressed by name, the
 * body, the unit and date at the foot. Time limits come from the request (the clocks' policy),
 * never typed into the wording; the articles cited are those of the 2022 《信访工作条例》
 * (legal-basis.ts), never the 2005 《信访条例》's numbering.
 */
import type { Content } from 'pdfmake/interfaces';
import { shanghaiDateOf } from '../process/calendar';
import type { NoticeKind, NoticeRequest, WrittenGrounds } from '../process/notices';
import type { RedirectProcedure, ReplyOutcome, ReviewDecision } from '../process/policy';
import { ARTICLES, PROVISIONAL_DAY } from './legal-basis';

export const NOTICE_TITLES: Readonly<Record<NoticeKind, string>> = {
  acceptanceNotice: '信访事项受理告知书',
  declineNotice: '信访事项不予受理告知书',
  extensionNotice: '信访事项延长办理期限告知书',
  reply: '信访事项处理意见书',
  reviewDecision: '信访事项复查意见书',
  reReviewDecision: '信访事项复核意见书',
  notAcceptedAgainNotice: '信访事项不再受理告知书',
  redirectNotice: '信访事项导入法定途径告知书',
};

/** 第三十二条: 予以支持 · 作出解释说明 · 不予支持. */
const OUTCOME_WORDS: Readonly<Record<ReplyOutcome, string>> = {
  supported: '支持你（们）的信访请求',
  explained: '对你（们）的信访请求予以解释说明',
  notSupported: '不予支持你（们）的信访请求',
};

/** A 复查 decides on the 处理意见. */
const REVIEW_DECISION_WORDS: Readonly<Record<ReviewDecision, string>> = {
  upheld: '维持原处理意见',
  changed: '变更原处理意见',
  revoked: '撤销原处理意见，由原办理机关重新办理并书面答复',
};

/** A 复核 decides on the 复查意见. */
const RE_REVIEW_DECISION_WORDS: Readonly<Record<ReviewDecision, string>> = {
  upheld: '维持复查意见',
  changed: '变更复查意见',
  revoked: '撤销复查意见，由原办理机关重新办理并书面答复',
};

/** 导入 (第三十一条): the procedure, and what the petitioner does, before which organ. */
const REDIRECT_WORDS: Readonly<Record<RedirectProcedure, { procedure: string; turnTo: string }>> = {
  litigation: { procedure: '诉讼', turnTo: '依法向人民法院提起诉讼' },
  arbitration: { procedure: '仲裁', turnTo: '依法向仲裁机构申请仲裁' },
  administrativeReview: { procedure: '行政复议', turnTo: '依法向行政复议机关申请行政复议' },
  other: { procedure: '其他法定途径', turnTo: '依照有关法律、行政法规规定的程序向有权处理的机关提出' },
};

/** The final decision a 不再受理告知书 names: the earlier case's 复核意见书, as the activity found it. */
export interface FinalDecision {
  /** 文号 of the 复核意见书; null when the re-review predates written notices. */
  number: string | null;
  unitId: string;
  decidedAt: number;
}

export interface NoticeParticulars {
  request: NoticeRequest;
  /** 文号 */
  number: string;
  petitionerName: string;
  /** The matter as registered (the petition's summary). */
  matter: string;
  /** Names of the units the notice mentions, by id. */
  unitNames: Record<string, string>;
  /** For a 不再受理告知书: the earlier case's 复核意见书, when found. */
  finalDecision?: FinalDecision | null;
  /** 信访件编号 (null for a case registered before numbers existed: the id is printed instead). */
  caseNumber?: string | null;
}

/** 2026-12-08 → 2026年12月8日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
const dateOf = (instant: number) => chineseDate(shanghaiDateOf(instant));

function paragraph(text: string): Content {
  return { text, leadingIndent: 28, margin: [0, 0, 0, 6] };
}

function groundsParagraphs(grounds: WrittenGrounds, conclusion: string): Content[] {
  return [
    paragraph(`一、经调查核实的事实：${grounds.facts}`),
    paragraph(`二、处理意见：${conclusion}。理由：${grounds.reasons}`),
    paragraph(`三、依据：${grounds.legalBasis}`),
  ];
}

/** A last day, with 如遇法定节假日顺延 when the year's official holiday notice is not out yet. */
function lastDayWords(date: string, provisional: boolean | undefined): string {
  return provisional ? `${chineseDate(date)}（${PROVISIONAL_DAY}）` : chineseDate(date);
}

function body(p: NoticeParticulars): Content[] {
  const { request: r, unitNames } = p;
  const matter = `你（们）于${dateOf(r.receivedAt)}提出的信访事项（${p.matter}）`;
  const name = (id: string | null) => (id ? (unitNames[id] ?? id) : '');
  const d = r.details;
  switch (d.kind) {
    case 'acceptanceNotice':
      return [
        paragraph(`${matter}，本机关已于${dateOf(r.issuedAt)}依法受理。`),
        paragraph(
          `依照${ARTICLES.handlingPeriod}的规定，本机关将自受理之日起${d.handlingDays}日内办结，即于${chineseDate(d.handlingLastDay)}前${d.provisional ? `（${PROVISIONAL_DAY}）` : ''}作出处理并书面答复；情况复杂需要延长办理期限的，经本机关负责人批准可以适当延长，并将书面告知延期理由。`,
        ),
        paragraph('你（们）可以凭登记时取得的查询码查询办理进度。'),
      ];
    case 'declineNotice':
      return [
        paragraph(`${matter}，经审查，本机关依照${ARTICLES.acceptanceNotice}的规定，决定不予受理。`),
        paragraph(`理由：${d.reason}`),
        paragraph(
          `你（们）的请求依法应当通过诉讼、仲裁、行政复议等法定途径解决的，依照${ARTICLES.redirect}的规定，可以依照有关法律、行政法规规定的程序向人民法院、仲裁机构或者行政复议机关等有权处理的机关提出；不属于本机关职权范围的，依照${ARTICLES.acceptanceNotice}的规定，可以向有权处理的机关、单位提出，也可以向当地党委和政府信访部门咨询应当向哪一机关、单位提出。`,
        ),
        paragraph('特此告知。'),
      ];
    case 'extensionNotice':
      return [
        paragraph(`${matter}，本机关已依法受理。`),
        paragraph(
          `因${d.reason}，经本机关负责人批准，依照${ARTICLES.handlingPeriod}的规定，办理期限延长${d.days}日，延长后的办理期限至${lastDayWords(d.newLastDay, d.provisional)}。`,
        ),
        paragraph('特此告知。'),
      ];
    case 'reply':
      return [
        paragraph(`${matter}，本机关已依法受理并办理完毕。依照${ARTICLES.replyOutcomes}的规定，现将处理意见告知如下：`),
        ...groundsParagraphs(d.grounds, OUTCOME_WORDS[d.outcome]),
        paragraph(
          d.reviewUnitId
            ? `如对本处理意见不服，依照${ARTICLES.review}的规定，可以自收到本意见书之日起${d.reviewWindowDays}日内，向${name(d.reviewUnitId)}请求复查。`
            : '本机关无上一级复查机关，本处理意见自送达之日起即为最终处理意见。',
        ),
      ];
    case 'reviewDecision':
      return [
        paragraph(
          `${matter}，${name(r.handlingUnitId)}已作出处理意见。你（们）不服，于${dateOf(d.requestedAt)}请求复查。本机关依照${ARTICLES.review}的规定进行复查，意见如下：`,
        ),
        ...groundsParagraphs(d.grounds, REVIEW_DECISION_WORDS[d.decision]),
        paragraph(
          d.decision === 'revoked'
            ? '原办理机关将重新办理，并另行作出书面答复。'
            : d.reReviewUnitId
              ? `如对本复查意见不服，依照${ARTICLES.reReview}的规定，可以自收到本意见书之日起${d.reReviewWindowDays}日内，向${name(d.reReviewUnitId)}请求复核。`
              : '本机关无上一级复核机关，本复查意见自送达之日起即为最终意见。',
        ),
      ];
    case 'reReviewDecision':
      return [
        paragraph(
          `${matter}，经${name(r.handlingUnitId)}办理并经复查后，你（们）仍不服，于${dateOf(d.requestedAt)}请求复核。本机关依照${ARTICLES.reReview}的规定进行复核，意见如下：`,
        ),
        ...groundsParagraphs(d.grounds, RE_REVIEW_DECISION_WORDS[d.decision]),
        paragraph(
          d.decision === 'revoked'
            ? '原办理机关将重新办理，并另行作出书面答复。'
            : `本复核意见为终结意见。依照${ARTICLES.reReview}的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。`,
        ),
      ];
    case 'notAcceptedAgainNotice': {
      const f = p.finalDecision;
      const decision = f
        ? `${name(f.unitId)}已于${dateOf(f.decidedAt)}作出复核意见${f.number ? `（${f.number}）` : ''}，`
        : '';
      return [
        paragraph(
          `${matter}，经审查，与你（们）此前提出的信访事项系同一事实和理由。${decision}该信访事项已经复核终结。`,
        ),
        paragraph(
          `依照${ARTICLES.reReview}的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。本机关对你（们）的此次信访请求不再受理。`,
        ),
        paragraph('特此告知。'),
      ];
    }
    case 'redirectNotice': {
      const w = REDIRECT_WORDS[d.procedure];
      return [
        paragraph(
          `${matter}，经审查，属于应当通过${w.procedure}解决的事项。依照${ARTICLES.redirect}的规定，本机关将其导入${w.procedure}程序处理，不作为信访事项办理。`,
        ),
        paragraph(`请你（们）${w.turnTo}，并注意有关法律规定的时效和期限。`),
        ...(d.note ? [paragraph(`说明：${d.note}`)] : []),
        paragraph('特此告知。'),
      ];
    }
  }
}

/** The notice as a pdfmake document body, and its title. */
export function noticeDocument(p: NoticeParticulars): { title: string; content: Content } {
  const r = p.request;
  const unitName = p.unitNames[r.unitId] ?? r.unitId;
  const title = NOTICE_TITLES[r.details.kind];
  const content: Content = [
    { text: unitName, alignment: 'center', fontSize: 22, bold: true, margin: [0, 0, 0, 8] },
    { text: title, alignment: 'center', fontSize: 22, bold: true, margin: [0, 0, 0, 8] },
    { text: p.number, alignment: 'center', fontSize: 14, margin: [0, 0, 0, 24] },
    { text: `${p.petitionerName}：`, margin: [0, 0, 0, 6] },
    ...body(p),
    { text: unitName, alignment: 'right', margin: [0, 36, 0, 0] },
    { text: dateOf(r.issuedAt), alignment: 'right' },
    { text: `信访件编号：${p.caseNumber ?? r.petitionId}`, fontSize: 10, margin: [0, 36, 0, 0] },
  ];
  return { title, content };
}
