import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { canonicalSubmissionNumber } from '@/libs/process/online-petition';
import { QueryCodeFailureRecorder } from '../abuse/access-failures';
import { RateLimited } from '../abuse/rate-limit';
import { Public } from '../auth/auth.guard';
import { ApiError, ApiErrorResponses, VALIDATION_OPTIONS, validationError } from '../common/api-error';
import { ControlCharactersPipe } from '../common/control-characters.pipe';
import { AltchaCheck } from './altcha-check';
import { OnlineUploadsInterceptor, attachmentsOf } from './online-uploads';
import { OnlineFormView, OnlineReceiptView, OnlineStatusView, SubmitOnlinePetitionDto } from './online-petition.dto';
import { OnlineSubmissionsService } from './online-submissions.service';

@ApiTags('public (网上信访)')
@Public()
@Controller('public/online-petitions')
export class OnlineSubmissionsController {
  constructor(
    private readonly submissions: OnlineSubmissionsService,
    private readonly altcha: AltchaCheck,
  ) {}

  @Get('form')
  @ApiOperation({ summary: '网上信访: the offices a submission may go to, the privacy notice, the limits on files' })
  @ApiOkResponse({ type: OnlineFormView })
  form() {
    return this.submissions.form();
  }

  @Get('challenge')
  // Each challenge costs the server one key derivation: counted per address with the query-code endpoints.
  @RateLimited('queryCode')
  @ApiErrorResponses(429)
  @ApiOperation({
    summary: 'an ALTCHA proof-of-work challenge (PBKDF2/SHA-256, signed, expiring) for the submission form',
    description: 'Solved in the browser by the altcha widget; nothing is sent to any third party.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { parameters: { type: 'object', additionalProperties: true }, signature: { type: 'string' } },
      required: ['parameters', 'signature'],
    },
  })
  challenge() {
    return this.altcha.challenge();
  }

  @Post()
  @HttpCode(201)
  @UseInterceptors(OnlineUploadsInterceptor)
  @ApiOperation({
    summary: '网上信访: submit a petition online, with up to a few photos or PDFs; acknowledged at once',
    description:
      'multipart/form-data: a part `submission` (JSON, SubmitOnlinePetitionDto) and up to maxFiles parts `files`. ' +
      'Refused without consent to the privacy notice, without a solved ALTCHA challenge (400), past the submissions of an address or a phone number (429), ' +
      'with a file that is not a photo or a PDF by its bytes (415) or too large (413). A refused submission records nothing. ' +
      'The same Idempotency-Key again answers the first acknowledgement.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiExtraModels(SubmitOnlinePetitionDto)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['submission'],
      properties: {
        submission: { $ref: getSchemaPath(SubmitOnlinePetitionDto) },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiHeader({ name: 'idempotency-key', required: true, description: 'a retry with the same key submits nothing new' })
  @ApiCreatedResponse({ type: OnlineReceiptView })
  @ApiErrorResponses(400, 409, 413, 415, 429)
  async submit(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<OnlineReceiptView> {
    const dto = await submissionOf((request.body as Record<string, unknown> | undefined)?.submission);
    const files = attachmentsOf(request);
    return this.submissions.submit(dto, files, key, request.ip ?? 'unknown', (seconds) =>
      response.header('Retry-After', String(seconds)),
    );
  }

  @Get(':id')
  @RateLimited('queryCode')
  @UseInterceptors(QueryCodeFailureRecorder)
  @ApiParam({ name: 'id', description: 'the submission number, e.g. 网上信访〔2026〕第00012号' })
  @ApiHeader({ name: 'x-query-code', required: true, description: 'the 查询码 given with the acknowledgement' })
  @ApiOperation({
    summary: 'where a submission stands: 已收到，待登记, registered (with its 信访件编号), or 不予登记 with the reason',
  })
  @ApiOkResponse({ type: OnlineStatusView })
  @ApiErrorResponses(400, 404, 429)
  status(@Param('id') id: string, @Headers('x-query-code') code?: string) {
    const number = canonicalSubmissionNumber(id);
    if (!number)
      throw new ApiError('validation', 'not a submission number, e.g. 网上信访〔2026〕第00012号', 'id', undefined, {
        messageKey: 'online.notSubmissionNumber',
      });
    return this.submissions.status(number, code);
  }
}

/** The JSON part, validated as every body is (unknown fields refused). */
async function submissionOf(part: unknown): Promise<SubmitOnlinePetitionDto> {
  let plain: unknown;
  try {
    plain = typeof part === 'string' ? JSON.parse(part) : undefined;
  } catch {
    plain = undefined;
  }
  if (!plain || typeof plain !== 'object' || Array.isArray(plain))
    throw new ApiError('validation', 'the part "submission" must be a JSON object', 'submission', undefined, {
      messageKey: 'online.submissionPart',
    });
  // The global pipes never see a multipart part: the same checks, here.
  const checked: unknown = new ControlCharactersPipe().transform(plain, { type: 'body' });
  const dto = plainToInstance(SubmitOnlinePetitionDto, checked);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length > 0) throw validationError(errors);
  return dto;
}
