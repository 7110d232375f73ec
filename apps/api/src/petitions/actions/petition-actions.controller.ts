/**
 * One route per staff action, generated from the policy: `POST /petitions/:id/actions/<action>`
 * with that action's own request class, so the ValidationPipe checks (and refuses unknown fields
 * in) exactly the arguments the action takes, and the OpenAPI document lists each action's schema,
 * example, roles and steps.
 */
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExcludeEndpoint, ApiExtension, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ACTIONS, ActionName } from '../../../../../libs/process/policy';
import { CurrentUser } from '../../auth/auth.guard';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { ApiError, ApiErrorResponses } from '../../common/api-error';
import { AvailableActionsDto } from '../dto/case-views.dto';
import { PetitionWireView } from '../dto/petition-views';
import { ACTION_NAMES, ACTION_REQUESTS, ActionRequestBody, describeAction, exampleArgs } from './action-catalog';
import { PetitionActionsService } from './petition-actions.service';
import { AuditedStaffAction } from '../../audit/staff-action-audit';
import { describeCaseAction } from '../../audit/staff-action-descriptions';
import { refuseUnprintable } from '../../common/unprintable';

const uuid = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('actions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class PetitionActionsController {
  constructor(readonly actions: PetitionActionsService) {}

  @Get(':id/actions')
  @ApiOperation({
    operationId: 'availableActions',
    summary: 'the actions you may take on this case now, each with its argument schema, so a client can build its forms',
    description: 'From the policy (role, acting unit, step) and the case\'s live view; the workflow\'s validator still has the last word.',
  })
  @ApiOkResponse({ type: AvailableActionsDto })
  @ApiErrorResponses(400, 404)
  available(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.actions.available(user, id);
  }
}

type Handler<Third> = (this: PetitionActionsController, user: AuthenticatedUser, id: string, third: Third) => unknown;

function defineRoute<Third>(key: string, handler: Handler<Third>, third: { type: unknown; decorator: ParameterDecorator }, methodDecorators: MethodDecorator[]): void {
  const prototype = PetitionActionsController.prototype as unknown as Record<string, unknown>;
  Object.defineProperty(prototype, key, { value: handler, writable: true, configurable: true, enumerable: false });
  // What TypeScript would emit for a hand-written method: the ValidationPipe reads the body's class from it.
  Reflect.defineMetadata('design:paramtypes', [Object, String, third.type], prototype, key);
  CurrentUser()(prototype, key, 0);
  Param('id', uuid())(prototype, key, 1);
  third.decorator(prototype, key, 2);
  const descriptor = Reflect.decorate(methodDecorators, prototype, key, Object.getOwnPropertyDescriptor(prototype, key)) as PropertyDescriptor;
  Object.defineProperty(prototype, key, descriptor);
}

function defineActionRoute(action: ActionName): void {
  const rule = ACTIONS[action];
  const Request = ACTION_REQUESTS[action];
  defineRoute(
    `${action}Action`,
    function (user, id, body: ActionRequestBody) {
      // An action's reasons, facts and grounds are what its notice prints.
      refuseUnprintable(body?.args, 'args');
      return this.actions.act(user, id, action, body);
    },
    { type: Request, decorator: Body() },
    [
      Post(`:id/actions/${action}`),
      HttpCode(200),
      AuditedStaffAction(describeCaseAction(action)),
      ApiOperation({ operationId: action, summary: rule.describe, description: describeAction(action) }),
      ApiParam({ name: 'id', type: String, format: 'uuid', description: 'the petition' }),
      ApiBody({ type: Request, examples: { [action]: { summary: rule.describe, value: { requestId: `${action}-7f3a2c`, args: exampleArgs(action) } } } }),
      ApiExtension('x-petition-action', { action, roles: rule.roles, steps: rule.steps, actingUnit: rule.actingUnit }),
      ApiOkResponse({ type: PetitionWireView, description: 'the case\'s new state' }),
      ApiErrorResponses(400, 403, 404, 409),
    ],
  );
}

ACTION_NAMES.forEach(defineActionRoute);

// Registered after every named action, so it only answers for names that are not actions.
defineRoute(
  'unknownAction',
  function (_user, _id, action: string) {
    throw new ApiError('notFound', `unknown action "${action}"; the actions are: ${ACTION_NAMES.join(', ')}`);
  },
  { type: String, decorator: Param('action') },
  [Post(':id/actions/:action'), AuditedStaffAction(describeCaseAction()), ApiExcludeEndpoint()],
);
