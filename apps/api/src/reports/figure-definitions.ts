/**
 * What each assessment figure (DOMAIN §8) counts. One text per figure, shown in the OpenAPI
 * description and copied into the README (a unit test keeps the two equal), so an assessor reads
 * the same definition wherever they look.
 */

/** Rules every figure follows. */
export const COMMON_RULES = [
  "Scope: the unit given as `unitId` and every unit below it in the unit tree (its subtree by parent); without `unitId`, every unit at or below the caller's region. Supervisors, auditors and admins only, and only within their own region.",
  'Period: `from` and `to` are Asia/Shanghai dates, both included ([from 00:00+08:00, to+1 00:00+08:00)). Each figure says which instant puts a case in the period.',
  "Excluded from every figure: cases that ended without being accepted — declined (不予受理), not accepted again (不再受理) or guided into another legal procedure (导入); and accusations (检举控告) naming the caller's own unit as the accused, so the accused never sees them even as a count.",
  'A rate is numerator ÷ denominator rounded to 4 decimals, or null when the denominator is 0. Figures of a period can still change while its cases move (a missing notice that is issued late, a repeat petition that arrives later).',
  'Each figure is attributed to the unit that owed the act (the unit of the clock); per-unit rows count that unit alone, the total row counts the whole scope.',
] as const;

export type FigureName =
  | 'acceptanceOnTime'
  | 'handlingOnTime'
  | 'firstTimeResolution'
  | 'ratingParticipation'
  | 'satisfaction'
  | 'overdue'
  | 'escalations'
  | 'registered'
  | 'registrationLevels'
  | 'topOverdueUnits';

export const FIGURE_DEFINITIONS: Readonly<Record<FigureName, string>> = {
  acceptanceOnTime:
    '及时受理率 (acceptance notice on time). Denominator: the acceptance notices (受理告知) a unit owed: each acceptanceNotice clock stopped because the case was accepted, plus each acceptanceNotice clock still running whose breach (超期) has fired. Numerator: those stopped at or before their due instant. Period: the instant the notice was issued (the clock stopped), or for a missing notice its due instant. Not counted: a clock stopped because the routing office agreed to the objection of the unit to a misroute (the obligation moved to the next unit). 提级办理: a notice the unit had already missed when the level above took the case over stays a missing notice of that unit (at its due instant); the unit taking over owes its own notice within a fresh period, counted as its own.',
  handlingOnTime:
    '按期办结率 (handling on time). Denominator: the handling periods a unit owed: each handling clock stopped by the written reply (处理意见书), plus each handling clock still running whose breach has fired. Numerator: replies issued at or before the due instant (an approved extension moves the due instant). Period: the instant the reply was issued, or for a missing reply its due instant. A case handled again (review revoked the reply, or a follow-up found a relapse) counts once per handling period. 提级办理: a handling period the unit had already overrun when the level above took the case over stays a missing reply of that unit (at its due instant); the unit taking over owes a fresh period, counted as its own.',
  firstTimeResolution:
    '一次性化解率 (first-time resolution). Denominator: cases whose reply became final (closed) in the period, attributed to the handling unit; a case reopened and closed again belongs to the period of its last closure. Numerator: those closed without a review request (复查), without a relapse found by a follow-up (回头看), that are not themselves a repeat petition (重复信访), and that no later petition names as the earlier case it repeats.',
  ratingParticipation:
    '参评率 (rating participation). Denominator: the replies the petitioner could rate: each review-request window (reviewRequestWindow, after a reply) and re-review-request window (reReviewRequestWindow, after a review reply) opened by delivery (送达) in the period, attributed to the handling unit. Numerator: those rated (满意度评价) while the window was open. A reply of a unit with no level above is final on delivery and has no window to rate in.',
  satisfaction:
    "满意率 (satisfaction). Denominator: the rated replies of 参评率's numerator. Numerator: those rated 满意 (satisfied) or 基本满意 (basically satisfied). Period: the delivery of the rated reply, as for 参评率.",
  overdue:
    "Overdue (超期). breached: obligation clocks of the unit (routing, acceptance notice, handling, 交办 report-back, review, re-review, 督办 feedback, follow-up, case leader's deadline, urgent report) whose breach fired in the period. stillOpen: of those, the clocks still running now (the act is still missing). Windows of the petitioner (review requests, misroute objections) never breach.",
  escalations:
    "Escalations by rung (DOMAIN §4): the rungs fired in the period on the unit's obligation clocks: warning70 and warning90 (预警 at 70% and 90% of the period), breach (超期, 督办), listedSupervision (挂牌督办, breach + 15 days), takeoverAvailable (提级办理, breach + 30 days). Each rung fires once per clock.",
  registered:
    'Registered (登记): petitions registered in the period by the unit (the petition office that registered it), by the instant of registration.',
  registrationLevels:
    "倒金字塔 (share registered at each level): the petitions of `registered` in the scope grouped by the level of the registering unit (province, city, county, township); share = that level's count ÷ all registered in the scope. Too large a share at high levels means lower levels are not resolving matters.",
  topOverdueUnits:
    'Top units by overdue count: the units of the scope with at least one breached clock in the period, most breached first (then most still open, then unit id), at most `top` (default 10).',
};
