/** The statute as data is complete and consistent: what the workflow relies on, checked without running it. */
import {
  ACCOUNTABILITY_RULES,
  ACTIONS,
  CLOCKS,
  CURRENT_POLICY,
  ESCALATION_LADDER,
  POLICY_2022_V1,
  POLICY_2022_V2,
  OVERDUE_RULE,
  policyByVersion,
} from '../../libs/process/policy';

describe('the process policy (xinfang-2022/v1 and v2)', () => {
  it('keeps the statutory lengths of DOMAIN §3', () => {
    const lengths = Object.fromEntries(Object.values(CLOCKS).map((c) => [c.id, [c.lengthDays, c.unit]]));
    expect(lengths).toMatchObject({
      routing: [15, 'calendar'],
      misrouteObjection: [5, 'working'],
      acceptanceNotice: [15, 'calendar'],
      handling: [60, 'calendar'],
      assignedReport: [null, 'calendar'],
      reviewRequestWindow: [30, 'calendar'],
      review: [30, 'calendar'],
      reReviewRequestWindow: [30, 'calendar'],
      reReview: [30, 'calendar'],
      supervisionFeedback: [30, 'calendar'],
      followUp: [10, 'calendar'],
      leaderResolution: [null, 'calendar'],
    });
    expect(CURRENT_POLICY.maxHandlingExtensionDays).toBe(30);
    expect(CURRENT_POLICY.maxHandlingExtensions).toBe(1);
    expect(CLOCKS.reReview.hearingSuspends).toBe(true);
    expect(
      Object.values(CLOCKS)
        .filter((c) => c.hearingSuspends)
        .map((c) => c.id),
    ).toEqual(['reReview']);
  });

  it('names every clock by its own id, and every breach of an obligation clock triggers an accountability rule', () => {
    for (const [id, clock] of Object.entries(CLOCKS)) expect(clock.id).toBe(id);
    const obligations = Object.values(CLOCKS)
      .filter((c) => c.kind === 'obligation')
      .map((c) => c.id);
    for (const id of obligations) expect(ACCOUNTABILITY_RULES[OVERDUE_RULE[id]!]).toBeDefined();
    expect(
      Object.values(CLOCKS)
        .filter((c) => c.kind === 'window')
        .map((c) => c.id)
        .sort(),
    ).toEqual(['misrouteObjection', 'reReviewRequestWindow', 'reviewRequestWindow']);
  });

  it('orders the escalation ladder of DOMAIN §4: warnings at 70% and 90%, breach, +15 and +30 days', () => {
    expect(ESCALATION_LADDER.map((r) => [r.id, r.at])).toEqual([
      ['warning70', { fractionOfPeriod: 0.7 }],
      ['warning90', { fractionOfPeriod: 0.9 }],
      ['breach', { daysAfterDue: 0 }],
      ['listedSupervision', { daysAfterDue: 15 }],
      ['takeoverAvailable', { daysAfterDue: 30 }],
    ]);
    expect(ESCALATION_LADDER.find((r) => r.id === 'listedSupervision')!.suggests).toBe('admonitoryTalk');
    expect(ESCALATION_LADDER.find((r) => r.id === 'takeoverAvailable')!.suggests).toBe('accountability');
  });

  it('lets only the roles of DOMAIN §2a act', () => {
    expect(ACTIONS.extendHandling.roles).toEqual(['unitHead']);
    expect(ACTIONS.route.roles).toEqual(['registrar']);
    expect(ACTIONS.requestReview.roles).toContain('petitioner');
    for (const rule of Object.values(ACTIONS)) expect(rule.roles).not.toContain('auditor');
  });

  it('names its rules by their own ids', () => {
    for (const [id, rule] of Object.entries(ACCOUNTABILITY_RULES)) expect(rule.id).toBe(id);
  });

  it('refuses an unknown policy version instead of guessing', () => {
    expect(policyByVersion('xinfang-2022/v2')).toBe(CURRENT_POLICY);
    // Cases started on v1 keep it: the version is kept beside the new one, never edited in place.
    expect(policyByVersion('xinfang-2022/v1')).toBe(POLICY_2022_V1);
    expect(() => policyByVersion('xinfang-2099/v9')).toThrow('unknown process policy version "xinfang-2099/v9"');
  });

  it('v2: 提级办理 gives the unit above the statutory period of the step afresh; objections are verified by the routing office', () => {
    expect(POLICY_2022_V2.takeover?.freshPeriods).toEqual({
      acceptance: { clock: 'acceptanceNotice', lengthDays: 15 },
      handling: { clock: 'handling', lengthDays: 60 },
    });
    expect(POLICY_2022_V2.misrouteObjections).toEqual({ verifiedByRoutingOffice: true, reroutingThreshold: 2 });
    expect(POLICY_2022_V2.actions.decideMisrouteObjection.steps).toEqual(['acceptance']);
    // v1 re-owned the clocks on takeover and sent an objection straight back: nobody verifies one there.
    expect(POLICY_2022_V1.takeover).toBeNull();
    expect(POLICY_2022_V1.misrouteObjections.verifiedByRoutingOffice).toBe(false);
    expect(POLICY_2022_V1.actions.decideMisrouteObjection.steps).toEqual([]);
    expect(POLICY_2022_V2.clocks).toBe(POLICY_2022_V1.clocks);
  });
});
