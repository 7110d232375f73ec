/**
 * One request class per staff action, each named as its OpenAPI schema (`RouteRequest` …): the
 * controller's methods take them as their bodies, so the ValidationPipe checks exactly the
 * arguments the action takes. The map is typed over every ActionName: an action added to the
 * policy does not compile until it has its class here.
 */
import type { Type as ClassType } from '@nestjs/common';
import type { ActionName } from '@/libs/process/policy';
import { ActionRequestBody, ActionRequestOf } from './action-catalog';

export class RouteRequest extends ActionRequestOf('route') {}
export class AssignRequest extends ActionRequestOf('assign') {}
export class ObjectMisrouteRequest extends ActionRequestOf('objectMisroute') {}
export class DecideMisrouteObjectionRequest extends ActionRequestOf('decideMisrouteObjection') {}
export class AssignHandlerRequest extends ActionRequestOf('assignHandler') {}
export class AcceptRequest extends ActionRequestOf('accept') {}
export class DeclineRequest extends ActionRequestOf('decline') {}
export class NotAcceptedAgainRequest extends ActionRequestOf('notAcceptedAgain') {}
export class RedirectRequest extends ActionRequestOf('redirect') {}
export class ExtendHandlingRequest extends ActionRequestOf('extendHandling') {}
export class IssueReplyRequest extends ActionRequestOf('issueReply') {}
export class ConfirmImplementationRequest extends ActionRequestOf('confirmImplementation') {}
export class RecordDeliveryRequest extends ActionRequestOf('recordDelivery') {}
export class RequestReviewRequest extends ActionRequestOf('requestReview') {}
export class IssueReviewDecisionRequest extends ActionRequestOf('issueReviewDecision') {}
export class RequestReReviewRequest extends ActionRequestOf('requestReReview') {}
export class StartHearingRequest extends ActionRequestOf('startHearing') {}
export class EndHearingRequest extends ActionRequestOf('endHearing') {}
export class IssueReReviewDecisionRequest extends ActionRequestOf('issueReReviewDecision') {}
export class ApproveDraftRequest extends ActionRequestOf('approveDraft') {}
export class ReturnDraftRequest extends ActionRequestOf('returnDraft') {}
export class ReportBackRequest extends ActionRequestOf('reportBack') {}
export class DecideReportBackRequest extends ActionRequestOf('decideReportBack') {}
export class ReportUrgentRequest extends ActionRequestOf('reportUrgent') {}
export class AssignCaseLeaderRequest extends ActionRequestOf('assignCaseLeader') {}
export class IssueSupervisionRequest extends ActionRequestOf('issueSupervision') {}
export class RecordSupervisionFeedbackRequest extends ActionRequestOf('recordSupervisionFeedback') {}
export class DecideSupervisionFeedbackRequest extends ActionRequestOf('decideSupervisionFeedback') {}
export class ListForSupervisionRequest extends ActionRequestOf('listForSupervision') {}
export class UnlistFromSupervisionRequest extends ActionRequestOf('unlistFromSupervision') {}
export class TakeOverRequest extends ActionRequestOf('takeOver') {}
export class RecordFollowUpRequest extends ActionRequestOf('recordFollowUp') {}
export class RateRequest extends ActionRequestOf('rate') {}
export class ReprojectCalendarRequest extends ActionRequestOf('reprojectCalendar') {}
export class CorrectRegistrationRequest extends ActionRequestOf('correctRegistration') {}

export const ACTION_REQUESTS: { readonly [A in ActionName]: ClassType<ActionRequestBody> } = {
  route: RouteRequest,
  assign: AssignRequest,
  objectMisroute: ObjectMisrouteRequest,
  decideMisrouteObjection: DecideMisrouteObjectionRequest,
  assignHandler: AssignHandlerRequest,
  accept: AcceptRequest,
  decline: DeclineRequest,
  notAcceptedAgain: NotAcceptedAgainRequest,
  redirect: RedirectRequest,
  extendHandling: ExtendHandlingRequest,
  issueReply: IssueReplyRequest,
  confirmImplementation: ConfirmImplementationRequest,
  recordDelivery: RecordDeliveryRequest,
  requestReview: RequestReviewRequest,
  issueReviewDecision: IssueReviewDecisionRequest,
  requestReReview: RequestReReviewRequest,
  startHearing: StartHearingRequest,
  endHearing: EndHearingRequest,
  issueReReviewDecision: IssueReReviewDecisionRequest,
  approveDraft: ApproveDraftRequest,
  returnDraft: ReturnDraftRequest,
  reportBack: ReportBackRequest,
  decideReportBack: DecideReportBackRequest,
  reportUrgent: ReportUrgentRequest,
  assignCaseLeader: AssignCaseLeaderRequest,
  issueSupervision: IssueSupervisionRequest,
  recordSupervisionFeedback: RecordSupervisionFeedbackRequest,
  decideSupervisionFeedback: DecideSupervisionFeedbackRequest,
  listForSupervision: ListForSupervisionRequest,
  unlistFromSupervision: UnlistFromSupervisionRequest,
  takeOver: TakeOverRequest,
  recordFollowUp: RecordFollowUpRequest,
  rate: RateRequest,
  reprojectCalendar: ReprojectCalendarRequest,
  correctRegistration: CorrectRegistrationRequest,
};
