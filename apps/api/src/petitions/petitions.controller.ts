import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ActionName } from '../../../../libs/process/policy';
import { ACTIONS } from '../../../../libs/process/policy';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PetitionActionDto } from './dto/petition-action.dto';
import { CaseView, PetitionWireView, TimelineEventView } from './dto/petition-views';
import { RegisterPetitionDto } from './dto/register-petition.dto';
import { PetitionsService } from './petitions.service';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class PetitionsController {
  constructor(private readonly petitions: PetitionsService) {}

  @Post()
  @Roles('registrar')
  @ApiOperation({ summary: '登记: register a petition and start its workflow' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'a retry with the same key registers nothing new' })
  register(@CurrentUser() user: AuthenticatedUser, @Body() dto: RegisterPetitionDto, @Headers('idempotency-key') key?: string) {
    return this.petitions.register(user, dto, key);
  }

  @Get(':id')
  @ApiOperation({ summary: 'the case: read model and the workflow\'s live state' })
  @ApiOkResponse({ type: CaseView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.petitions.get(user, id);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'who did what and when: every event, clock and rung of the case' })
  @ApiOkResponse({ type: [TimelineEventView] })
  timeline(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.petitions.timeline(user, id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'a staff action (a workflow update): returns the new state, or 409/403/400 saying why not' })
  @ApiParam({ name: 'action', enum: Object.keys(ACTIONS) })
  @ApiOkResponse({ type: PetitionWireView, description: 'the case after the action' })
  act(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Param('action') action: ActionName,
    @Body() dto: PetitionActionDto,
  ) {
    return this.petitions.act(user, id, action, dto);
  }
}
