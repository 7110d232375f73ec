import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import { RegistrationResultDto } from './dto/case-views.dto';
import { CaseView, TimelineEventView } from './dto/petition-views';
import { RegisterPetitionDto } from './dto/register-petition.dto';
import { PetitionsService } from './petitions.service';
import { RepeatCandidatesDto, RepeatCandidatesView } from './repeat/repeat-petitions.dto';
import { RepeatPetitionsService } from './repeat/repeat-petitions.service';
import { AuditedStaffAction } from '../audit/staff-action-audit';
import { describeRegistration } from '../audit/staff-action-descriptions';
import { refuseUnprintable } from '../common/unprintable';

@ApiTags('petitions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class PetitionsController {
  constructor(
    private readonly petitions: PetitionsService,
    private readonly repeats: RepeatPetitionsService,
  ) {}

  @Post('repeat-candidates')
  @HttpCode(200)
  @Roles('registrar')
  @ApiOperation({
    summary:
      "重复信访: before registering, the earlier cases of the same petitioner and matter among your unit's cases",
    description:
      'The same petitioner: keyed hashes of the normalized name and contact agree (or the names agree where one case has no contact). ' +
      "The same matter: the summaries' character bigrams are alike (Dice ≥ minSimilarity). Link the ones that repeat in `repeatOf`; " +
      'registering a repeat of a case marked finallyDecided ends it at once as 不再受理.',
  })
  @ApiOkResponse({ type: RepeatCandidatesView })
  @ApiErrorResponses(400, 403)
  repeatCandidates(@CurrentUser() user: AuthenticatedUser, @Body() dto: RepeatCandidatesDto) {
    return this.repeats.candidates(user, dto);
  }

  @Post()
  @Roles('registrar')
  @AuditedStaffAction(describeRegistration)
  @ApiOperation({ summary: '登记: register a petition and start its workflow' })
  @ApiHeader({
    name: 'idempotency-key',
    required: true,
    description: 'a retry with the same key registers nothing new',
  })
  @ApiCreatedResponse({ type: RegistrationResultDto })
  @ApiErrorResponses(400, 403, 409)
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: RegisterPetitionDto,
    @Headers('idempotency-key') key?: string,
  ) {
    // Every notice addresses the petitioner by this name.
    refuseUnprintable(dto.petitionerName, 'petitionerName');
    return this.petitions.register(user, dto, key);
  }

  @Get(':id')
  @ApiOperation({ summary: "the case: read model and the workflow's live state" })
  @ApiOkResponse({ type: CaseView })
  @ApiErrorResponses(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.petitions.get(user, id);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'who did what and when: every event, clock and rung of the case' })
  @ApiOkResponse({ type: [TimelineEventView] })
  @ApiErrorResponses(400, 404)
  timeline(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.petitions.timeline(user, id);
  }
}
