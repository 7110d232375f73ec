/**
 * One route per staff action: `POST /petitions/:id/actions/<action>`, an ordinary method taking that
 * action's own request class, so the ValidationPipe checks (and refuses unknown fields in) exactly
 * the arguments the action takes. What every action route shares (path, audit, OpenAPI operation
 * with the roles and steps from the policy) is one composed decorator, `StaffActionRoute`.
 */
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, applyDecorators } from '@nestjs/common';
import type { Type as ClassType } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExcludeEndpoint,
  ApiExtension,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ACTIONS, ActionName } from '@/libs/process/policy';
import { CurrentUser } from '../../auth/auth.guard';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { ApiError, ApiErrorResponses } from '../../common/api-error';
import { AvailableActionsDto } from '../dto/case-views.dto';
import { PetitionWireView } from '../dto/petition-views';
import { ACTION_NAMES, describeAction } from './action-catalog';
import {
  RouteRequest,
  AssignRequest,
  ObjectMisrouteRequest,
  AcceptRequest,
  DeclineRequest,
  NotAcceptedAgainRequest,
  RedirectRequest,
  ExtendHandlingRequest,
  IssueReplyRequest,
  ConfirmImplementationRequest,
  RecordDeliveryRequest,
  RequestReviewRequest,
  IssueReviewDecisionRequest,
  RequestReReviewRequest,
  StartHearingRequest,
  EndHearingRequest,
  IssueReReviewDecisionRequest,
  ApproveDraftRequest,
  ReturnDraftRequest,
  ReportBackRequest,
  ReportUrgentRequest,
  AssignCaseLeaderRequest,
  IssueSupervisionRequest,
  RecordSupervisionFeedbackRequest,
  DecideSupervisionFeedbackRequest,
  AssignHandlerRequest,
  ListForSupervisionRequest,
  UnlistFromSupervisionRequest,
  TakeOverRequest,
  RecordFollowUpRequest,
  RateRequest,
  CorrectRegistrationRequest,
  ReprojectCalendarRequest,
} from './action-requests';
import { PetitionActionsService } from './petition-actions.service';
import { AuditedStaffAction } from '../../audit/staff-action-audit';
import { describeCaseAction } from '../../audit/staff-action-descriptions';

const uuid = () => new ParseUUIDPipe({ version: '4' });

/** Everything a staff action's route declares, from the policy (the body's example is added to the document from the argument schema). */
function StaffActionRoute(action: ActionName, Request: ClassType) {
  const rule = ACTIONS[action];
  return applyDecorators(
    Post(`:id/actions/${action}`),
    HttpCode(200),
    AuditedStaffAction(describeCaseAction(action)),
    ApiOperation({ operationId: action, summary: rule.describe, description: describeAction(action) }),
    ApiParam({ name: 'id', type: String, format: 'uuid', description: 'the petition' }),
    ApiBody({ type: Request }),
    ApiExtension('x-petition-action', { action, roles: rule.roles, steps: rule.steps, actingUnit: rule.actingUnit }),
    ApiOkResponse({ type: PetitionWireView, description: "the case's new state" }),
    ApiErrorResponses(400, 403, 404, 409),
  );
}

@ApiTags('actions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class PetitionActionsController {
  constructor(readonly actions: PetitionActionsService) {}

  @Get(':id/actions')
  @ApiOperation({
    operationId: 'availableActions',
    summary:
      'the actions you may take on this case now, each with its argument schema, so a client can build its forms',
    description:
      "From the policy (role, acting unit, step) and the case's live view; the workflow's validator still has the last word.",
  })
  @ApiOkResponse({ type: AvailableActionsDto })
  @ApiErrorResponses(400, 404)
  available(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.actions.available(user, id);
  }

  @StaffActionRoute('route', RouteRequest)
  routeAction(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() body: RouteRequest) {
    return this.actions.act(user, id, 'route', body);
  }

  @StaffActionRoute('assign', AssignRequest)
  assignAction(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() body: AssignRequest) {
    return this.actions.act(user, id, 'assign', body);
  }

  @StaffActionRoute('objectMisroute', ObjectMisrouteRequest)
  objectMisrouteAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ObjectMisrouteRequest,
  ) {
    return this.actions.act(user, id, 'objectMisroute', body);
  }

  @StaffActionRoute('accept', AcceptRequest)
  acceptAction(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() body: AcceptRequest) {
    return this.actions.act(user, id, 'accept', body);
  }

  @StaffActionRoute('decline', DeclineRequest)
  declineAction(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() body: DeclineRequest) {
    return this.actions.act(user, id, 'decline', body);
  }

  @StaffActionRoute('notAcceptedAgain', NotAcceptedAgainRequest)
  notAcceptedAgainAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: NotAcceptedAgainRequest,
  ) {
    return this.actions.act(user, id, 'notAcceptedAgain', body);
  }

  @StaffActionRoute('redirect', RedirectRequest)
  redirectAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RedirectRequest,
  ) {
    return this.actions.act(user, id, 'redirect', body);
  }

  @StaffActionRoute('extendHandling', ExtendHandlingRequest)
  extendHandlingAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ExtendHandlingRequest,
  ) {
    return this.actions.act(user, id, 'extendHandling', body);
  }

  @StaffActionRoute('issueReply', IssueReplyRequest)
  issueReplyAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: IssueReplyRequest,
  ) {
    return this.actions.act(user, id, 'issueReply', body);
  }

  @StaffActionRoute('confirmImplementation', ConfirmImplementationRequest)
  confirmImplementationAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ConfirmImplementationRequest,
  ) {
    return this.actions.act(user, id, 'confirmImplementation', body);
  }

  @StaffActionRoute('recordDelivery', RecordDeliveryRequest)
  recordDeliveryAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RecordDeliveryRequest,
  ) {
    return this.actions.act(user, id, 'recordDelivery', body);
  }

  @StaffActionRoute('requestReview', RequestReviewRequest)
  requestReviewAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RequestReviewRequest,
  ) {
    return this.actions.act(user, id, 'requestReview', body);
  }

  @StaffActionRoute('issueReviewDecision', IssueReviewDecisionRequest)
  issueReviewDecisionAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: IssueReviewDecisionRequest,
  ) {
    return this.actions.act(user, id, 'issueReviewDecision', body);
  }

  @StaffActionRoute('requestReReview', RequestReReviewRequest)
  requestReReviewAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RequestReReviewRequest,
  ) {
    return this.actions.act(user, id, 'requestReReview', body);
  }

  @StaffActionRoute('startHearing', StartHearingRequest)
  startHearingAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: StartHearingRequest,
  ) {
    return this.actions.act(user, id, 'startHearing', body);
  }

  @StaffActionRoute('endHearing', EndHearingRequest)
  endHearingAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: EndHearingRequest,
  ) {
    return this.actions.act(user, id, 'endHearing', body);
  }

  @StaffActionRoute('issueReReviewDecision', IssueReReviewDecisionRequest)
  issueReReviewDecisionAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: IssueReReviewDecisionRequest,
  ) {
    return this.actions.act(user, id, 'issueReReviewDecision', body);
  }

  @StaffActionRoute('approveDraft', ApproveDraftRequest)
  approveDraftAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ApproveDraftRequest,
  ) {
    return this.actions.act(user, id, 'approveDraft', body);
  }

  @StaffActionRoute('returnDraft', ReturnDraftRequest)
  returnDraftAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ReturnDraftRequest,
  ) {
    return this.actions.act(user, id, 'returnDraft', body);
  }

  @StaffActionRoute('reportBack', ReportBackRequest)
  reportBackAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ReportBackRequest,
  ) {
    return this.actions.act(user, id, 'reportBack', body);
  }

  @StaffActionRoute('reportUrgent', ReportUrgentRequest)
  reportUrgentAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ReportUrgentRequest,
  ) {
    return this.actions.act(user, id, 'reportUrgent', body);
  }

  @StaffActionRoute('assignCaseLeader', AssignCaseLeaderRequest)
  assignCaseLeaderAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: AssignCaseLeaderRequest,
  ) {
    return this.actions.act(user, id, 'assignCaseLeader', body);
  }

  @StaffActionRoute('issueSupervision', IssueSupervisionRequest)
  issueSupervisionAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: IssueSupervisionRequest,
  ) {
    return this.actions.act(user, id, 'issueSupervision', body);
  }

  @StaffActionRoute('recordSupervisionFeedback', RecordSupervisionFeedbackRequest)
  recordSupervisionFeedbackAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RecordSupervisionFeedbackRequest,
  ) {
    return this.actions.act(user, id, 'recordSupervisionFeedback', body);
  }

  @StaffActionRoute('decideSupervisionFeedback', DecideSupervisionFeedbackRequest)
  decideSupervisionFeedbackAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: DecideSupervisionFeedbackRequest,
  ) {
    return this.actions.act(user, id, 'decideSupervisionFeedback', body);
  }

  @StaffActionRoute('assignHandler', AssignHandlerRequest)
  assignHandlerAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: AssignHandlerRequest,
  ) {
    return this.actions.act(user, id, 'assignHandler', body);
  }

  @StaffActionRoute('listForSupervision', ListForSupervisionRequest)
  listForSupervisionAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ListForSupervisionRequest,
  ) {
    return this.actions.act(user, id, 'listForSupervision', body);
  }

  @StaffActionRoute('unlistFromSupervision', UnlistFromSupervisionRequest)
  unlistFromSupervisionAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: UnlistFromSupervisionRequest,
  ) {
    return this.actions.act(user, id, 'unlistFromSupervision', body);
  }

  @StaffActionRoute('takeOver', TakeOverRequest)
  takeOverAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: TakeOverRequest,
  ) {
    return this.actions.act(user, id, 'takeOver', body);
  }

  @StaffActionRoute('recordFollowUp', RecordFollowUpRequest)
  recordFollowUpAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: RecordFollowUpRequest,
  ) {
    return this.actions.act(user, id, 'recordFollowUp', body);
  }

  @StaffActionRoute('rate', RateRequest)
  rateAction(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() body: RateRequest) {
    return this.actions.act(user, id, 'rate', body);
  }

  @StaffActionRoute('correctRegistration', CorrectRegistrationRequest)
  correctRegistrationAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: CorrectRegistrationRequest,
  ) {
    return this.actions.act(user, id, 'correctRegistration', body);
  }

  @StaffActionRoute('reprojectCalendar', ReprojectCalendarRequest)
  reprojectCalendarAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Body() body: ReprojectCalendarRequest,
  ) {
    return this.actions.act(user, id, 'reprojectCalendar', body);
  }

  // Last, so its route is registered after every named action and only answers for names that are not actions.
  @Post(':id/actions/:action')
  @AuditedStaffAction(describeCaseAction())
  @ApiExcludeEndpoint()
  unknownAction(
    @CurrentUser() _user: AuthenticatedUser,
    @Param('id', uuid()) _id: string,
    @Param('action') action: string,
  ) {
    throw new ApiError(
      'notFound',
      `unknown action "${action}"; the actions are: ${ACTION_NAMES.join(', ')}`,
      undefined,
      undefined,
      { messageKey: 'action.unknown', params: { action } },
    );
  }
}
