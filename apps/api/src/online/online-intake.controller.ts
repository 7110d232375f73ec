import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedStaffAction, type DescribeStaffAction } from '../audit/staff-action-audit';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import {
  NotRegisterOnlineDto,
  OnlineIntakeDetailView,
  OnlineIntakeItemView,
  OnlineRegistrationView,
  RegisterOnlineDto,
} from './online-petition.dto';
import { OnlineIntakeService } from './online-intake.service';

const describeOnline =
  (action: string): DescribeStaffAction =>
  (request: Request, result) => {
    const submissionId = String(request.params.id ?? '');
    const petitionId = (result as { petitionId?: string } | undefined)?.petitionId ?? null;
    const body = (request.body ?? {}) as Record<string, unknown>;
    return {
      action,
      petitionId,
      key: result ? `${action}:${submissionId}` : null,
      detail: { submissionId, category: body.category, urgent: body.urgent, collective: body.collective },
    };
  };

@ApiTags('online intake (网上信访)')
@ApiBearerAuth()
@Roles('registrar')
@ApiErrorResponses(401, 403)
@Controller('online-intake')
export class OnlineIntakeController {
  constructor(private readonly intake: OnlineIntakeService) {}

  @Get()
  @ApiOperation({ summary: '网上信访 waiting at your office, the longest waiting first (names and numbers masked)' })
  @ApiOkResponse({ type: [OnlineIntakeItemView] })
  waiting(@CurrentUser() user: AuthenticatedUser) {
    return this.intake.waiting(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one submission, whole, with its files' })
  @ApiOkResponse({ type: OnlineIntakeDetailView })
  @ApiErrorResponses(400, 404)
  detail(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.intake.detail(user, id);
  }

  @Get(':id/files/:seq')
  @ApiOperation({ summary: 'a file of the submission, as uploaded (its type told by its bytes)' })
  @ApiOkResponse({
    description: 'the file',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(400, 404)
  async file(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { body, file } = await this.intake.file(user, id, seq);
    response.setHeader('X-Content-SHA256', file.sha256);
    return new StreamableFile(body, {
      type: file.contentType,
      length: file.size,
      disposition: `inline; filename="file-${seq}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Post(':id/register')
  @HttpCode(200)
  @AuditedStaffAction(describeOnline('registerOnline'))
  @ApiOperation({
    summary: '登记为信访事项: register the submission; receivedAt is the submission instant and the channel online',
    description:
      "The case gets the id reserved at submission, so the submitter's 查询码 and submission number find it; its files are carried over. A retry answers the same case.",
  })
  @ApiOkResponse({ type: OnlineRegistrationView })
  @ApiErrorResponses(400, 404, 409)
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() dto: RegisterOnlineDto,
  ) {
    return this.intake.register(user, id, dto);
  }

  @Post(':id/not-registered')
  @HttpCode(200)
  @AuditedStaffAction(describeOnline('notRegisterOnline'))
  @ApiOperation({ summary: '不予登记: record why the submission is not a petition; the submitter reads the reason' })
  @ApiOkResponse({ type: OnlineIntakeDetailView })
  @ApiErrorResponses(400, 404, 409)
  notRegister(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() dto: NotRegisterOnlineDto,
  ) {
    return this.intake.notRegister(user, id, dto);
  }
}
