/**
 * One durable workflow per campaign (专项攻坚). It is launched by its first update (createCampaign,
 * sent with update-with-start), selects its cases by rule at launch and again before each bulletin
 * (动态交办), holds every case's leaders, plan and status, fires overdue plan steps up the case's
 * leaders and 回头看 checks with durable timers, and issues a bulletin on its cadence (a timer in
 * this workflow rather than a Temporal Schedule: the bulletin needs the campaign's own state, and
 * the time-skipping test server runs timers but not schedules). Rules live in campaign.state.ts,
 * campaign.time.ts and the campaign policy.
 */
import { condition, continueAsNew, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  CAMPAIGN_POLICY_V1,
  CURRENT_CAMPAIGN_POLICY,
  campaignPolicyByVersion,
  type CampaignActionName,
} from '../../libs/process/campaign-policy';
import type { ActionRequest } from '../../libs/process';
import {
  CAMPAIGN_ACTION_NAMES,
  CAMPAIGN_PROJECTION_KEEPS_PENDING_PATCH,
  CAMPAIGN_POLICY_V2_AT_LAUNCH_PATCH,
  CAMPAIGN_RESOLUTION_FROM_PETITION_PATCH,
  CampaignActionArgs,
  CampaignActivities,
  CampaignView,
  CampaignWorkflowInput,
  SelectionQuery,
  campaignActionUpdate,
  campaignViewQuery,
  campaignWorkflowId,
} from './campaign.contract';
import { CampaignState, Outbox, emptyOutbox } from './campaign.model';
import { applyAction, launch, requireSameRequest, validateAction } from './campaign.state';
import { campaignView } from './campaign.view';
import { ProjectionQueue } from '../projection-queue';
import { setActionUpdate, underRefusal } from '../refusal-failure';
import { WakeUp, continueAsNewWhenLong, finishHandlers } from '../run-loop';
import { advanceTime, issueBulletin, joinSelected, nextBulletinAt, nextWakeAt, watchedCaseIds } from './campaign.time';

// Short database reads and keyed writes: retry for as long as PostgreSQL is down, so a bulletin or a
// transition is never lost to a restart.
const activities = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A started campaign that is never launched (its launch update refused) ends after this long. */
const LAUNCH_WAIT = '1 day';

function selectionQuery(state: CampaignState, asOf: number): SelectionQuery {
  return {
    campaignId: state.campaignId,
    regionPath: state.office.regionPath,
    officeUnitId: state.office.unitId,
    rules: state.rules,
    asOf,
    watch: watchedCaseIds(state),
  };
}

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignView | null> {
  let state: CampaignState | null = (input.resume as CampaignState | undefined) ?? null;
  const pending: Outbox = emptyOutbox();
  const wakeUp = new WakeUp();

  const view = (s: CampaignState) => campaignView(s, Date.now(), nextBulletinAt(s));

  const projection = new ProjectionQueue(
    {
      outbox: () => pending,
      parts: ['events', 'ledger', 'escalations', 'bulletins'],
      holdsNews: (batch) => batch.events.length > 0 || batch.bulletins.length > 0,
      revision: () => state!.revision,
      project: (batch, revision, historyLength) =>
        activities.projectCampaign({
          campaignId: state!.campaignId,
          workflowId: campaignWorkflowId(state!.campaignId),
          revision,
          view: view(state!),
          events: batch.events,
          ledger: batch.ledger.map((entry) => ({ ...entry, evidence: { ...entry.evidence, historyLength } })),
          escalations: batch.escalations,
          bulletins: batch.bulletins,
        }),
    },
    state?.revision ?? 0,
  );
  function flush(): Promise<void> {
    if (!state) return Promise.resolve();
    return projection.flush(patched(CAMPAIGN_PROJECTION_KEEPS_PENDING_PATCH));
  }

  setHandler(campaignViewQuery, () => (state ? view(state) : (null as unknown as CampaignView)));

  /** One action's update: its handler and validator take that action's own request. */
  function setActionHandler<A extends CampaignActionName>(action: A): void {
    const handler = async (request: ActionRequest<CampaignActionArgs[A]>): Promise<CampaignView> => {
      if (action === 'createCampaign') {
        if (!state) {
          // A campaign keeps the policy it was launched with: one launched before v2 existed replays as v1.
          const policy = patched(CAMPAIGN_POLICY_V2_AT_LAUNCH_PATCH) ? CURRENT_CAMPAIGN_POLICY : CAMPAIGN_POLICY_V1;
          state = launch(
            input.campaignId,
            request as ActionRequest<CampaignActionArgs['createCampaign']>,
            Date.now(),
            pending,
            policy,
          );
          const launched = state;
          joinSelected(
            launched,
            await activities.selectCampaignCases(selectionQuery(launched, Date.now())),
            Date.now(),
            pending,
          );
          wakeUp.request();
        }
        await flush();
        return view(state);
      }
      const s = state!;
      advanceTime(s, Date.now(), pending);
      if (s.appliedRequests[request.requestId] === undefined) {
        const petitionId = (request.args as { petitionId?: string }).petitionId ?? '';
        // v2 campaigns read the petition's own state before a resolution is reported or a case struck
        // off (v1 histories never take this path; the marker keeps the new activity call explicit).
        const needsPetitionState =
          (action === 'recordProgress' || action === 'strikeOff') &&
          campaignPolicyByVersion(s.policyVersion).resolvedFrom === 'petitionState' &&
          patched(CAMPAIGN_RESOLUTION_FROM_PETITION_PATCH);
        const facts =
          action === 'addCase' || needsPetitionState
            ? await activities.describeCampaignCase({
                petitionId,
                regionPath: s.office.regionPath,
                officeUnitId: s.office.unitId,
              })
            : null;
        // Validated again after the lookup: another update may have changed the campaign meanwhile.
        underRefusal(() => applyAction(s, action, request, Date.now(), facts, pending));
        if (action === 'closeCampaign') issueBulletin(s, Date.now(), 'final', pending);
        wakeUp.request();
      } else {
        // Applied meanwhile (the validator ran before): only the same request is a retry.
        underRefusal(() => requireSameRequest(s, action, request));
      }
      await flush();
      return view(s);
    };
    setActionUpdate(campaignActionUpdate(action), handler, (request) =>
      validateAction(state, action, request, Date.now()),
    );
  }
  for (const action of CAMPAIGN_ACTION_NAMES) setActionHandler(action);

  if (!state && !(await condition(() => state !== null, LAUNCH_WAIT))) return null;
  const campaign = state!;
  for (;;) {
    advanceTime(campaign, Date.now(), pending);
    const bulletinAt = nextBulletinAt(campaign);
    if (bulletinAt !== null && bulletinAt <= Date.now()) {
      // 调度: the rules select again first, so newly qualifying cases are in this bulletin.
      const result = await activities.selectCampaignCases(selectionQuery(campaign, Date.now()));
      joinSelected(campaign, result, Date.now(), pending);
      if (nextBulletinAt(campaign) === bulletinAt) issueBulletin(campaign, bulletinAt, 'scheduled', pending);
      await flush();
      continue;
    }
    await flush();
    if (campaign.status === 'closed') break;
    await continueAsNewWhenLong(input.continueAsNewAtHistoryLength, flush, () =>
      continueAsNew<typeof campaignWorkflow>({
        campaignId: campaign.campaignId,
        resume: campaign,
        continueAsNewAtHistoryLength: input.continueAsNewAtHistoryLength,
      }),
    );
    await wakeUp.sleepUntil(nextWakeAt(campaign));
  }
  await finishHandlers(flush);
  return view(campaign);
}
