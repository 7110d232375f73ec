/**
 * One route per staff action: `POST /petitions/:id/actions/<action>`, its body the action's own
 * request class, so the ValidationPipe checks (and refuses unknown fields in) exactly the arguments
 * the action takes. The routes differ only in the action, so each is a controller made from the
 * action by `StaffActionController(action)`, the mixin idiom NestJS uses for `AuthGuard('jwt')`;
 * what every route declares (path, audit, the OpenAPI operation with the roles and steps from the
 * policy) is one composed decorator, `StaffActionRoute`. The module lists the controllers in the
 * order of the list of actions, the fallback for unknown names after them.
 */
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  ValidationPipe,
  applyDecorators,
} from '@nestjs/common';
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
import { ApiError, ApiErrorResponses, VALIDATION_OPTIONS } from '../../common/api-error';
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

/** What the controllers of /petitions/:id/actions… declare alike. */
function ActionsController() {
  return applyDecorators(ApiTags('actions'), ApiBearerAuth(), ApiErrorResponses(401), Controller('petitions'));
}

@ActionsController()
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
}

/** A POST to a name that is not an action: registered after every action's route, so it answers only for such names. */
@ActionsController()
export class UnknownActionController {
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

/** The controller of one staff action's route; its body is validated as the action's request class. */
export function StaffActionController(action: ActionName): ClassType {
  const Request = ACTION_REQUESTS[action];
  @ActionsController()
  class ActionController {
    constructor(readonly actions: PetitionActionsService) {}

    @StaffActionRoute(action, Request)
    act(
      @CurrentUser() user: AuthenticatedUser,
      @Param('id', uuid()) id: string,
      @Body(new ValidationPipe({ ...VALIDATION_OPTIONS, expectedType: Request })) body: ActionRequestBody,
    ) {
      return this.actions.act(user, id, action, body);
    }
  }
  return ActionController;
}

/** Every staff action's controller, in the order of the list of actions (the OpenAPI document's too). */
export const STAFF_ACTION_CONTROLLERS = ACTION_NAMES.map(StaffActionController);
