import { Controller, Get, Header, NotFoundException, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error';
import { OVERSEEING_ROLES } from '../accountability/oversight-scope';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ASSESSMENT_TABLES, AssessmentTable, assessmentCsv } from './assessment-csv';
import { AssessmentReportService } from './assessment-report.service';
import { XLSX_CONTENT_TYPE, assessmentXlsx } from './assessment-xlsx';
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

  @Get('assessment.xlsx')
  @Roles(...OVERSEEING_ROLES)
  @ApiOperation({
    summary: 'the same report as an Excel workbook: one sheet per table, Chinese headers, rates in a percent format',
    description: `Sheets 单位考核 (total row 合计 first), 登记层级（倒金字塔）, 超期单位排名 and 说明 (the period); the same figures as GET /reports/assessment.\n\n${ASSESSMENT_DESCRIPTION}`,
  })
  @ApiOkResponse({
    description: 'the workbook (.xlsx)',
    content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  async assessmentXlsx(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: AssessmentQuery,
  ): Promise<StreamableFile> {
    const report = await this.reports.report(user, query);
    return new StreamableFile(await assessmentXlsx(report), {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="assessment-${report.period.from}-${report.period.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(`考核报表-${report.period.from}-${report.period.to}.xlsx`)}`,
    });
  }

  @Get('assessment/:table.csv')
  @Roles(...OVERSEEING_ROLES)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({
    summary: 'the same report as CSV: units (total row first), registration-levels, or overdue-units',
    description: `The same figures as GET /reports/assessment, one table per file, for people: Chinese column names, unit names, levels in Chinese (县级), rates as percentages (33.3%, — without a denominator); the total row (合计) first.\n\n${ASSESSMENT_DESCRIPTION}`,
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
