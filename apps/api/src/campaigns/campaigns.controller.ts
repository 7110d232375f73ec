import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  PipeTransform,
  Post,
  Put,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import { ApiError, ApiErrorResponses } from '../common/api-error';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CampaignBulletinsService } from './campaign-bulletins.service';
import { IdempotentCreation } from '../common/idempotent-creation';
import { CampaignsService } from './campaigns.service';
import { ClosureEvidenceService } from '../materials/closure-evidence.service';
import {
  AddCaseDto,
  AssignLeaderDto,
  CloseCampaignDto,
  CreateCampaignDto,
  EditPlanDto,
  FollowUpCheckDto,
  PreviewSelectionDto,
  RecordProgressDto,
  RemoveCaseDto,
  ReportRelapseDto,
  SetResponsiblePersonDto,
  StrikeOffDto,
} from './dto/campaign-requests';
import {
  BulletinView,
  CampaignEventView,
  CampaignSummaryView,
  CampaignWireView,
  SelectionPreviewView,
} from './dto/campaign-views';
import { CampaignCaseActionsView } from './dto/campaign-case-actions-view';
import { AuditedStaffAction } from '../audit/staff-action-audit';
import { describeCampaignAction } from '../audit/staff-action-descriptions';

class ParseBulletinNoPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,5}$/.test(value))
      throw new ApiError('validation', 'the bulletin number must be a positive integer', 'no');
    return Number(value);
  }
}

const uuid = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly bulletins: CampaignBulletinsService,
    private readonly closureEvidence: ClosureEvidenceService,
  ) {}

  @Post()
  @Roles('supervisor')
  @AuditedStaffAction(describeCampaignAction('launchCampaign'))
  @ApiOperation({
    summary:
      '专项攻坚: launch a campaign from your petition office; its rules select the open cases of your region at once',
  })
  @IdempotentCreation({ retryCreates: 'launches nothing new', created: CampaignWireView })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreateCampaignDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.campaigns.create(user, dto, key);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'the open cases of your region these rules would select now (before launching)' })
  @ApiOkResponse({ type: SelectionPreviewView })
  @ApiErrorResponses(400, 403)
  previewRules(@CurrentUser() user: AuthenticatedUser, @Body() dto: PreviewSelectionDto) {
    return this.campaigns.previewRules(user, dto.rules);
  }

  @Get()
  @ApiOperation({ summary: 'campaigns of your region and the levels above, and those whose cases you lead' })
  @ApiOkResponse({ type: [CampaignSummaryView] })
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.campaigns.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'the campaign and the cases you may see (all of them for the office and the levels above)' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.campaigns.get(user, id);
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary:
      'who did what and when in the campaign: every launch, join, assignment, plan, progress, escalation, check, 销号, relapse and bulletin you may see',
  })
  @ApiOkResponse({ type: [CampaignEventView] })
  @ApiErrorResponses(400, 404)
  timeline(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.campaigns.timeline(user, id);
  }

  @Get(':id/preview')
  @ApiOperation({
    summary: "what the campaign's rules select now, marking the cases already in it (campaign office and above)",
  })
  @ApiOkResponse({ type: SelectionPreviewView })
  @ApiErrorResponses(400, 403, 404)
  previewCampaign(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.campaigns.previewCampaign(user, id);
  }

  @Post(':id/close')
  @AuditedStaffAction(describeCampaignAction('closeCampaign'))
  @HttpCode(200)
  @ApiOperation({ summary: 'close the campaign (campaign office): a final bulletin is issued' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  close(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() dto: CloseCampaignDto) {
    return this.campaigns.act(user, id, 'closeCampaign', dto.requestId, { reason: dto.reason });
  }

  @Post(':id/cases')
  @AuditedStaffAction(describeCampaignAction('addCase'))
  @HttpCode(200)
  @ApiOperation({ summary: 'add a case of the region to the campaign, with a reason (campaign office)' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  addCase(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string, @Body() dto: AddCaseDto) {
    return this.campaigns.act(user, id, 'addCase', dto.requestId, { petitionId: dto.petitionId, reason: dto.reason });
  }

  @Get(':id/cases/:petitionId/actions')
  @ApiOperation({
    summary:
      'the actions you may take on this case now (包案, 一案一策, progress, 回头看, 销号, relapse, removal), by the rule the campaign workflow applies',
  })
  @ApiOkResponse({ type: CampaignCaseActionsView })
  @ApiErrorResponses(400, 404)
  caseActions(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
  ) {
    return this.campaigns.caseActions(user, id, petitionId);
  }

  @Post(':id/cases/:petitionId/remove')
  @AuditedStaffAction(describeCampaignAction('removeCase'))
  @HttpCode(200)
  @ApiOperation({
    summary: 'remove a case from the campaign, with a reason (campaign office); the rules do not bring it back',
  })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  removeCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: RemoveCaseDto,
  ) {
    return this.campaigns.act(user, id, 'removeCase', dto.requestId, { petitionId, reason: dto.reason });
  }

  @Post(':id/cases/:petitionId/leaders')
  @AuditedStaffAction(describeCampaignAction('assignCampaignLeader'))
  @HttpCode(200)
  @ApiOperation({ summary: '包案: assign the case leader of a level (a petition office of that level over the case)' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  assignLeader(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: AssignLeaderDto,
  ) {
    return this.campaigns.act(user, id, 'assignLeader', dto.requestId, {
      petitionId,
      level: dto.level,
      leaderUserId: dto.leaderUserId,
    });
  }

  @Post(':id/cases/:petitionId/responsible-person')
  @AuditedStaffAction(describeCampaignAction('nameResponsiblePerson'))
  @HttpCode(200)
  @ApiOperation({ summary: 'name the person responsible for the case in its unit' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  setResponsiblePerson(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: SetResponsiblePersonDto,
  ) {
    return this.campaigns.act(user, id, 'setResponsiblePerson', dto.requestId, {
      petitionId,
      personUserId: dto.personUserId,
    });
  }

  @Put(':id/cases/:petitionId/plan')
  @AuditedStaffAction(describeCampaignAction('setPlan'))
  @ApiOperation({
    summary:
      "一案一策: set the case's resolution plan (dated steps with owners); overdue steps escalate to its leaders",
  })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  editPlan(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: EditPlanDto,
  ) {
    const steps = dto.steps.map((s) => ({
      ...(s.stepId === undefined ? {} : { stepId: s.stepId }),
      title: s.title,
      dueDate: s.dueDate,
      ownerUserId: s.ownerUserId,
    }));
    return this.campaigns.act(user, id, 'editPlan', dto.requestId, { petitionId, note: dto.note, steps });
  }

  @Post(':id/cases/:petitionId/progress')
  @AuditedStaffAction(describeCampaignAction('recordProgress'))
  @HttpCode(200)
  @ApiOperation({ summary: 'record progress: a status with a required note, and plan steps done' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  recordProgress(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: RecordProgressDto,
  ) {
    return this.campaigns.act(user, id, 'recordProgress', dto.requestId, {
      petitionId,
      status: dto.status,
      note: dto.note,
      ...(dto.stepsDone ? { stepsDone: dto.stepsDone } : {}),
    });
  }

  @Post(':id/cases/:petitionId/follow-up-check')
  @AuditedStaffAction(describeCampaignAction('recordFollowUpCheck'))
  @HttpCode(200)
  @ApiOperation({ summary: '回头看: record the check that falls due after the case was reported resolved' })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  followUpCheck(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: FollowUpCheckDto,
  ) {
    return this.campaigns.act(user, id, 'recordFollowUpCheck', dto.requestId, {
      petitionId,
      result: dto.result,
      note: dto.note,
    });
  }

  @Post(':id/cases/:petitionId/strike-off')
  @AuditedStaffAction(describeCampaignAction('strikeOff'))
  @HttpCode(200)
  @ApiOperation({
    summary: "销号 (campaign office): with an evidence document, the petitioner's word and a passed 回头看 check",
  })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  async strikeOff(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: StrikeOffDto,
  ) {
    const evidenceFiles = await this.closureEvidence.resolve(petitionId, dto.evidenceMaterialIds ?? []);
    return this.campaigns.act(user, id, 'strikeOff', dto.requestId, {
      petitionId,
      documentRef: dto.documentRef,
      ...(dto.petitionerStatementRef === undefined ? {} : { petitionerStatementRef: dto.petitionerStatementRef }),
      ...(dto.rating === undefined ? {} : { rating: dto.rating }),
      note: dto.note,
      // Absent when none are named: the workflow's args keep the shape earlier strike-offs had.
      ...(evidenceFiles.length ? { evidenceFiles } : {}),
    });
  }

  @Post(':id/cases/:petitionId/relapse')
  @AuditedStaffAction(describeCampaignAction('reportRelapse'))
  @HttpCode(200)
  @ApiOperation({
    summary: '反弹: a resolved or struck-off case is back; it returns to the campaign and is recorded against the unit',
  })
  @ApiOkResponse({ type: CampaignWireView })
  @ApiErrorResponses(400, 403, 404, 409)
  reportRelapse(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('petitionId', uuid()) petitionId: string,
    @Body() dto: ReportRelapseDto,
  ) {
    return this.campaigns.act(user, id, 'reportRelapse', dto.requestId, { petitionId, note: dto.note });
  }

  @Get(':id/bulletins')
  @ApiOperation({ summary: '调度/通报: every bulletin of the campaign, oldest first, with the totals and your lines' })
  @ApiOkResponse({ type: [BulletinView] })
  @ApiErrorResponses(400, 404)
  listBulletins(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string) {
    return this.bulletins.list(user, id);
  }

  @Get(':id/bulletins/:no')
  @ApiOperation({ summary: 'one bulletin: totals, and per unit and per leader the lines you may see' })
  @ApiParam({ name: 'no', example: 4 })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrorResponses(400, 404)
  bulletin(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('no', ParseBulletinNoPipe) no: number,
  ) {
    return this.bulletins.one(user, id, no);
  }

  @Get(':id/bulletins/:no/csv')
  @ApiOperation({ summary: 'one bulletin as CSV (UTF-8 with a byte-order mark): the lines you may see, totals first' })
  @ApiParam({ name: 'no', example: 4 })
  // The media type on the 200 alone: @ApiProduces would document the errors as CSV too.
  @ApiOkResponse({ description: 'the CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiErrorResponses(400, 404)
  async bulletinCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('no', ParseBulletinNoPipe) no: number,
  ) {
    const csv = await this.bulletins.csv(user, id, no);
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="campaign-${id}-bulletin-${no}.csv"; filename*=UTF-8''${encodeURIComponent(`专项攻坚通报-第${no}期.csv`)}`,
    });
  }

  @Get(':id/bulletins/:no/pdf')
  @ApiOperation({
    summary:
      'one bulletin as PDF (《…专项攻坚工作通报（第N期）》): the totals, the unit and leader tables and the units praised (表扬) and called in (约谈), as you may see them',
    description:
      'Rendered on request from the stored bulletin, cut to the caller like the JSON; not a stored document, so it carries no 文号.',
  })
  @ApiParam({ name: 'no', example: 4 })
  @ApiOkResponse({
    description: 'the PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(400, 404)
  async bulletinPdf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('no', ParseBulletinNoPipe) no: number,
  ) {
    const pdf = await this.bulletins.pdf(user, id, no);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="campaign-${id}-bulletin-${no}.pdf"; filename*=UTF-8''${encodeURIComponent(`专项攻坚通报-第${no}期.pdf`)}`,
    });
  }
}
