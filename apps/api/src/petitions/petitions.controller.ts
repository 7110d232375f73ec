import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistrationReceiptService } from './registration-receipt.service';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import { CaseNumberLookupView, CaseView, TimelineEventView } from './dto/petition-views';
import { RegisterPetitionDto } from './dto/register-petition.dto';
import { PetitionsService } from './petitions.service';
import { RepeatCandidatesDto, RepeatCandidatesView } from './repeat/repeat-petitions.dto';
import { RepeatPetitionsService } from './repeat/repeat-petitions.service';
import { describeRegistration } from '../audit/staff-action-descriptions';
import { RegistrationRoute } from './registration-route';

@ApiTags('petitions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class PetitionsController {
  constructor(
    private readonly petitions: PetitionsService,
    private readonly repeats: RepeatPetitionsService,
    private readonly receipts: RegistrationReceiptService,
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

  @RegistrationRoute({ describe: describeRegistration, summary: '登记: register a petition and start its workflow' })
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: RegisterPetitionDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.petitions.register(user, dto, key);
  }

  @Get('by-number/:number')
  @ApiOperation({
    summary: '信访件编号 → the case: the id of the case with this number, if you may see it',
    description:
      'The number as people type it: 示县信〔2026〕第00123号, 示县信[2026]123, 示县信2026第123号 … (brackets, 第, 号 and leading zeros optional). ' +
      'Every other route names a case by its id; look the id up here (the console does). 404 for an unknown number and for a case you may not see.',
  })
  @ApiOkResponse({ type: CaseNumberLookupView })
  @ApiErrorResponses(400, 404)
  async byNumber(@CurrentUser() user: AuthenticatedUser, @Param('number') number: string) {
    return this.petitions.byNumber(user, number);
  }

  @Get(':id/receipt')
  @ApiOperation({
    summary:
      '登记回执 as PDF: number, 查询码, date received, office, what happens next and by when, a QR code of the petitioner page',
    description: 'Only for the staff of the registering office (it carries the 查询码).',
  })
  @ApiOkResponse({
    description: 'the PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(400, 403, 404, 409)
  async receipt(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const receipt = await this.receipts.receipt(user, id, `${request.protocol}://${request.get('host')}`);
    response.setHeader('ETag', `"${receipt.sha256}"`);
    response.setHeader('X-Content-SHA256', receipt.sha256);
    return new StreamableFile(receipt.bytes, {
      type: 'application/pdf',
      length: receipt.bytes.length,
      disposition: `inline; filename="receipt-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(`信访事项登记回执（${receipt.caseNumber}）.pdf`)}`,
    });
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
