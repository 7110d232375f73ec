import { Body, Controller, Get, Param, ParseUUIDPipe, PipeTransform, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError, ApiErrorResponses } from '../common/api-error';
import { AccountabilityService } from './accountability.service';
import { AccountabilityPage, CaseAccountabilityView, DispositionView } from './dto/accountability-views';
import { ListAccountabilityQuery, RECORD_ID_PATTERN } from './dto/list-accountability.query';
import { RecordDispositionDto } from './dto/record-disposition.dto';
import { OVERSEEING_ROLES } from './oversight-scope';
import { AuditedStaffAction } from '../audit/staff-action-audit';
import { describeDisposition } from '../audit/staff-action-descriptions';

class ParseRecordIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!RECORD_ID_PATTERN.test(value))
      throw new ApiError('validation', 'id must be a ledger record id (a positive integer)', 'id');
    return value;
  }
}

@ApiTags('accountability')
@ApiBearerAuth()
@Roles(...OVERSEEING_ROLES)
@ApiErrorResponses(400, 401, 403)
@Controller()
export class AccountabilityController {
  constructor(private readonly accountability: AccountabilityService) {}

  @Get('accountability')
  @ApiOperation({
    summary: '问责 ledger of the units at and below yours: trigger records with their dispositions, newest first',
  })
  @ApiOkResponse({ type: AccountabilityPage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListAccountabilityQuery) {
    return this.accountability.list(user, query);
  }

  @Get('petitions/:id/accountability')
  @ApiOperation({ summary: 'the ledger records of one case (责任倒查), newest first' })
  @ApiOkResponse({ type: CaseAccountabilityView })
  @ApiErrorResponses(404)
  forPetition(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.accountability.forPetition(user, id);
  }

  @Post('accountability/:id/dispositions')
  // Auditors only read (DOMAIN §1): decisions on a record come from the supervising offices.
  @Roles('supervisor', 'admin')
  @AuditedStaffAction(describeDisposition)
  @ApiOperation({
    summary: 'record a decision on a trigger record (约谈 held, dismissed, …): appended as a new row, never an edit',
  })
  @ApiParam({ name: 'id', description: 'id of the trigger record', example: '17' })
  @ApiCreatedResponse({
    type: DispositionView,
    description: 'the disposition row; the same row again for a retried requestId',
  })
  @ApiErrorResponses(404, 409)
  recordDisposition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseRecordIdPipe) id: string,
    @Body() dto: RecordDispositionDto,
  ) {
    return this.accountability.recordDisposition(user, id, dto);
  }
}
