import { Controller, Get, Header, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error';
import { OVERSEEING_ROLES } from '../accountability/oversight-scope';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ASSESSMENT_TABLES, AssessmentTable, assessmentCsv } from './assessment-csv';
import { AssessmentReportService } from './assessment-report.service';
import { AssessmentQuery } from './dto/assessment-query';
import { ASSESSMENT_DESCRIPTION, AssessmentReportView } from './dto/assessment-views';

/** 考核 figures (DOMAIN §8) for supervisors, auditors and admins, over the units at and below theirs. */
@ApiTags('reports')
@ApiErrorResponses(400, 401, 403)
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: AssessmentReportService) {}

  @Get('assessment')
  @Roles(...OVERSEEING_ROLES)
  @ApiOperation({
    summary: 'assessment figures of a unit (with its subtree) or your region, for a period',
    description: ASSESSMENT_DESCRIPTION,
  })
  @ApiOkResponse({ type: AssessmentReportView })
  assessment(@CurrentUser() user: AuthenticatedUser, @Query() query: AssessmentQuery): Promise<AssessmentReportView> {
    return this.reports.report(user, query);
  }

  @Get('assessment/:table.csv')
  @Roles(...OVERSEEING_ROLES)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({
    summary: 'the same report as CSV: units (total row first), registration-levels, or overdue-units',
    description: `The same figures as GET /reports/assessment, one table per file; columns are the JSON fields (nested ones joined with dots).\n\n${ASSESSMENT_DESCRIPTION}`,
  })
  @ApiParam({ name: 'table', enum: ASSESSMENT_TABLES })
  @ApiErrorResponses(404)
  @ApiOkResponse({
    description: 'the table as CSV (UTF-8 with BOM)',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async assessmentCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('table') table: AssessmentTable,
    @Query() query: AssessmentQuery,
  ): Promise<string> {
    if (!ASSESSMENT_TABLES.includes(table))
      throw new NotFoundException(`no table "${table}"; tables: ${ASSESSMENT_TABLES.join(', ')}`);
    return assessmentCsv(await this.reports.report(user, query), table);
  }
}
