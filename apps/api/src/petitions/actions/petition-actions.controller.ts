/**
 * One route per staff action: `POST /petitions/:id/actions/<action>`, a method taking that action's
 * own request class, so the ValidationPipe checks (and refuses unknown fields in) exactly the
 * arguments the action takes. The methods are declared from the table of request classes
 * (ACTION_REQUESTS), not written out one by one: they differ only in the action. What every action
 * route shares (path, audit, OpenAPI operation with the roles and steps from the policy) is one
 * composed decorator, `StaffActionRoute`.
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
import { ACTION_NAMES, describeAction, type ActionRequestBody } from './action-catalog';
import { ACTION_REQUESTS } from './action-requests';
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

  /** A POST to a name that is not an action; moved after the actions' routes below, so it answers only for such names. */
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

/**
 * The order the actions' routes are declared in, and so listed in the OpenAPI document and the
 * console's generated types (`openapi.d.ts`): the order they were first written in, kept so that
 * the document does not change.
 */
const ROUTE_ORDER: readonly ActionName[] = [
  'route',
  'assign',
  'objectMisroute',
  'accept',
  'decline',
  'notAcceptedAgain',
  'redirect',
  'extendHandling',
  'issueReply',
  'confirmImplementation',
  'recordDelivery',
  'requestReview',
  'issueReviewDecision',
  'requestReReview',
  'startHearing',
  'endHearing',
  'issueReReviewDecision',
  'reportBack',
  'reportUrgent',
  'assignCaseLeader',
  'issueSupervision',
  'recordSupervisionFeedback',
  'decideSupervisionFeedback',
  'assignHandler',
  'listForSupervision',
  'unlistFromSupervision',
  'takeOver',
  'recordFollowUp',
  'rate',
  'correctRegistration',
  'reprojectCalendar',
];

/**
 * Declares an action's route on the controller: a method `<action>Action(user, id, body)` whose
 * body is the action's own request class (ACTION_REQUESTS), with the parameter types the compiler
 * would have emitted for a written method, so the ValidationPipe checks that class.
 */
function declareActionRoute(action: ActionName): void {
  const prototype = PetitionActionsController.prototype;
  const name = `${action}Action`;
  const Request = ACTION_REQUESTS[action];
  Object.defineProperty(prototype, name, {
    value: function (this: PetitionActionsController, user: AuthenticatedUser, id: string, body: ActionRequestBody) {
      return this.actions.act(user, id, action, body);
    },
    writable: true,
    configurable: true,
  });
  Reflect.defineMetadata('design:paramtypes', [Object, String, Request], prototype, name);
  CurrentUser()(prototype, name, 0);
  Param('id', uuid())(prototype, name, 1);
  Body()(prototype, name, 2);
  StaffActionRoute(action, Request)(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
}

/** Routes are registered in the order of the controller's methods: the fallback goes last. */
function moveToEnd(prototype: object, name: string): void {
  const method = Object.getOwnPropertyDescriptor(prototype, name)!;
  delete (prototype as Record<string, unknown>)[name];
  Object.defineProperty(prototype, name, method);
}

const unrouted = ACTION_NAMES.filter((action) => !ROUTE_ORDER.includes(action));
if (unrouted.length > 0) throw new Error(`no route declared for the actions ${unrouted.join(', ')}`);
for (const action of ROUTE_ORDER) declareActionRoute(action);
moveToEnd(PetitionActionsController.prototype, 'unknownAction');
