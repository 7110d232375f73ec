import {
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
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { INLINE_TYPES } from '@/libs/storage/upload-checks';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import { MaterialView } from './material-views';
import { MaterialsService } from './materials.service';

const uuid = () => new ParseUUIDPipe({ version: '4' });

/** Materials of a case (案件材料): scanned letters, photos, PDFs, office documents, by version. */
@ApiTags('materials')
@ApiErrorResponses(400, 401, 404)
@ApiBearerAuth()
@Controller('petitions/:id/materials')
export class MaterialsController {
  constructor(private readonly materials: MaterialsService) {}

  @Get()
  @ApiOperation({ operationId: 'listMaterials', summary: "the case's materials, every version, oldest first" })
  @ApiOkResponse({ type: [MaterialView] })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid()) id: string): Promise<MaterialView[]> {
    return this.materials.list(user, id);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'uploadMaterial',
    summary: 'attach a file to the case (multipart: kind, caption, optional materialId for a new version, then file)',
    description:
      'The fields must precede the file. The type is judged by the content (PDF, images, office documents); 413 fileTooLarge / caseQuotaExceeded past the limits, 415 unsupportedMediaType / contentTypeMismatch. Its SHA-256 and size are recorded in the workflow.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: {
          type: 'string',
          enum: ['petitionLetter', 'investigation', 'deliveryReceipt', 'closureEvidence', 'other'],
        },
        caption: { type: 'string', maxLength: 200 },
        materialId: { type: 'string', format: 'uuid', description: 'the material this file is a new version of' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiHeader({ name: 'idempotency-key', required: true, description: 'a retry with the same key stores nothing new' })
  @ApiCreatedResponse({ type: MaterialView })
  @ApiErrorResponses(403, 409, 413, 415)
  upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<MaterialView> {
    return this.materials.upload(user, id, key, req);
  }

  @Get(':fileId')
  @ApiOperation({
    operationId: 'downloadMaterial',
    summary:
      'one version’s file (PDFs and images inline, so a browser shows them); its SHA-256 in ETag and X-Content-SHA256',
  })
  @ApiOkResponse({
    description: 'the file, as the type its content was judged to be (a PDF, an image, an office document)',
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid()) id: string,
    @Param('fileId', uuid()) fileId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { view, body } = await this.materials.download(user, id, fileId);
    response.setHeader('ETag', `"${view.sha256}"`);
    response.setHeader('X-Content-SHA256', view.sha256);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const inline = INLINE_TYPES.includes(view.mediaType);
    return new StreamableFile(body, {
      type: view.mediaType,
      length: view.byteLength,
      disposition: `${inline ? 'inline' : 'attachment'}; filename="${fileId}"; filename*=UTF-8''${encodeURIComponent(view.fileName)}`,
    });
  }
}
