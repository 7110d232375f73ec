/**
 * One request schema per staff action, generated from the policy's list of actions: the body is
 * `{ requestId, args }` where `args` is the action's own class. The map below is typed over every
 * ActionName, so an action added to the policy does not compile until it has its argument class.
 * Who may act and when is read from the policy (ACTIONS), never copied.
 */
import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, type OpenAPIObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { ACTIONS, ActionName, ActionRule } from '@/libs/process/policy';
import { ACTION_NAMES } from '@/libs/process/action-names';
import type { ActionArgs } from '@/libs/process';
import { parseInstant } from '@/libs/process/wire-time';
import { CorrectRegistrationArgs, ReprojectCalendarArgs } from './args/registration.args';
import {
  ConfirmImplementationArgs,
  ExtendHandlingArgs,
  IssueReplyArgs,
  RecordDeliveryArgs,
  ReportBackArgs,
} from './args/handling.args';
import {
  AssignCaseLeaderArgs,
  IssueSupervisionArgs,
  ListForSupervisionArgs,
  RateArgs,
  RecordFollowUpArgs,
  RecordSupervisionFeedbackArgs,
  DecideReportBackArgs,
  DecideSupervisionFeedbackArgs,
  AssignHandlerArgs,
  ReportUrgentArgs,
  TakeOverArgs,
  UnlistFromSupervisionArgs,
} from './args/oversight.args';
import {
  ApproveDraftArgs,
  EndHearingArgs,
  IssueReReviewDecisionArgs,
  IssueReviewDecisionArgs,
  RequestReReviewArgs,
  RequestReviewArgs,
  ReturnDraftArgs,
  StartHearingArgs,
} from './args/review.args';
import {
  AcceptArgs,
  AssignArgs,
  DecideMisrouteObjectionArgs,
  DeclineArgs,
  NotAcceptedAgainArgs,
  ObjectMisrouteArgs,
  RedirectArgs,
  RouteArgs,
} from './args/routing-and-acceptance.args';

export const ACTION_ARGS: { readonly [A in ActionName]: ClassType<object> } = {
  route: RouteArgs,
  assign: AssignArgs,
  objectMisroute: ObjectMisrouteArgs,
  decideMisrouteObjection: DecideMisrouteObjectionArgs,
  assignHandler: AssignHandlerArgs,
  accept: AcceptArgs,
  decline: DeclineArgs,
  notAcceptedAgain: NotAcceptedAgainArgs,
  redirect: RedirectArgs,
  extendHandling: ExtendHandlingArgs,
  issueReply: IssueReplyArgs,
  confirmImplementation: ConfirmImplementationArgs,
  recordDelivery: RecordDeliveryArgs,
  requestReview: RequestReviewArgs,
  issueReviewDecision: IssueReviewDecisionArgs,
  requestReReview: RequestReReviewArgs,
  startHearing: StartHearingArgs,
  endHearing: EndHearingArgs,
  issueReReviewDecision: IssueReReviewDecisionArgs,
  approveDraft: ApproveDraftArgs,
  returnDraft: ReturnDraftArgs,
  reportBack: ReportBackArgs,
  decideReportBack: DecideReportBackArgs,
  reportUrgent: ReportUrgentArgs,
  assignCaseLeader: AssignCaseLeaderArgs,
  issueSupervision: IssueSupervisionArgs,
  recordSupervisionFeedback: RecordSupervisionFeedbackArgs,
  decideSupervisionFeedback: DecideSupervisionFeedbackArgs,
  listForSupervision: ListForSupervisionArgs,
  unlistFromSupervision: UnlistFromSupervisionArgs,
  takeOver: TakeOverArgs,
  recordFollowUp: RecordFollowUpArgs,
  rate: RateArgs,
  reprojectCalendar: ReprojectCalendarArgs,
  correctRegistration: CorrectRegistrationArgs,
};

export { ACTION_NAMES };

/** The body every action takes; each action's request class narrows `args` to its own class. */
export interface ActionRequestBody {
  requestId: string;
  args: object;
}

const pascal = (action: string) => action.charAt(0).toUpperCase() + action.slice(1);
export const requestSchemaName = (action: ActionName) => `${pascal(action)}Request`;
export const argsSchemaName = (action: ActionName) => ACTION_ARGS[action].name;

/**
 * The body of one action, `{ requestId, args }` with `args` of the action's own class: a base class
 * made per action, as Nest's mapped types (PartialType …) make theirs; each action's request class
 * extends it under its own name (action-requests.ts), so the OpenAPI document has one schema per action.
 */
export function ActionRequestOf(action: ActionName): ClassType<ActionRequestBody> {
  const Args = ACTION_ARGS[action];
  class ActionRequest implements ActionRequestBody {
    @ApiProperty({
      type: String,
      minLength: 1,
      maxLength: 200,
      description: 'unique per intended action: sending the same requestId again changes nothing',
      example: `${action}-7f3a2c`,
    })
    @IsString()
    @Length(1, 200)
    requestId!: string;

    @ApiProperty({ type: Args, description: `the arguments of ${action}; a field not listed here is refused` })
    @IsDefined()
    @IsObject()
    @ValidateNested()
    @Type(() => Args)
    args!: object;
  }
  return ActionRequest;
}

const ACTING_UNIT_WORDS: Record<ActionRule['actingUnit'], string> = {
  routingUnit: 'the petition office that registered and routes the case',
  handlingUnit: 'the handling unit',
  reviewUnit: 'the reviewing unit (the level above the handling unit)',
  reReviewUnit: 'the re-reviewing unit (the level above the reviewing unit)',
  replyingUnit: 'the unit whose reply is being delivered, or its petition office',
  supervisingOffice: 'a petition office that supervises the handling unit (never the unit itself)',
  lapsedUnit: 'the unit whose deadline lapsed (it owes the 督办 feedback)',
  feedbackRequester: 'the petition office that issued the 督办 whose feedback was given',
  holdingUnit: 'the unit holding the case now (its 分办)',
  anyUnit: 'any unit',
};

/** Who may take the action and when, in words, from the policy. */
export function describeAction(action: ActionName): string {
  const rule = ACTIONS[action];
  const steps = rule.steps === 'open' ? 'any step while the case is open' : `step ${rule.steps.join(', ')}`;
  return `${rule.describe}. Who: ${rule.roles.join(' or ')} of ${ACTING_UNIT_WORDS[rule.actingUnit]}. When: ${steps}. The workflow's validator has the last word and says why it refuses.`;
}

/** Wire arguments (ISO-8601 instants) → what the workflow takes (epoch milliseconds). */
export function toWorkflowArgs<A extends ActionName>(action: A, args: object): ActionArgs[A] {
  const plain: Record<string, unknown> = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  if (action === 'recordDelivery') plain.deliveredAt = parseInstant(plain.deliveredAt);
  if (action === 'requestReview' || action === 'requestReReview') {
    plain.receivedAt = parseInstant(plain.receivedAt);
    if (plain.postmarkedAt !== undefined) plain.postmarkedAt = parseInstant(plain.postmarkedAt);
  }
  if (action === 'correctRegistration' && plain.field === 'receivedAt') plain.value = parseInstant(plain.value);
  return plain as unknown as ActionArgs[A];
}

type Schema = { additionalProperties?: boolean; type?: string; properties?: Record<string, { example?: unknown }> };
type Operation = { requestBody?: { content?: Record<string, { examples?: Record<string, unknown> }> } };

/** An example `args` built from the examples on the argument schema itself, so it cannot drift from the schema. */
export function exampleArgsOf(argsSchema: Schema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(argsSchema.properties ?? {}).map(([name, property]) => [name, property.example]),
  );
}

/**
 * Completes the document's action schemas: unknown fields are refused at every depth (so each action's
 * request and arguments say `additionalProperties: false`), and each action's request body carries an
 * example built from its arguments' own examples.
 */
export function completeActionSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const action of ACTION_NAMES) {
    for (const name of [requestSchemaName(action), argsSchemaName(action)]) {
      schemas[name] ??= { type: 'object' };
      schemas[name].additionalProperties = false;
    }
    const operation = document.paths[`/petitions/{id}/actions/${action}`]?.post as Operation | undefined;
    const body = operation?.requestBody?.content?.['application/json'];
    if (body) {
      body.examples = {
        [action]: {
          summary: ACTIONS[action].describe,
          value: { requestId: `${action}-7f3a2c`, args: exampleArgsOf(schemas[argsSchemaName(action)]) },
        },
      };
    }
  }
}
