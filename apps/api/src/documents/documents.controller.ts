import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, ApiErrorResponses } from '../common/api-error';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { listCaseDocuments, readCaseDocument } from '@/libs/documents';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PetitionAccessService } from '../petitions/petition-access.service';
import { documentDownload, documentView } from './document-download';
import { DocumentView } from './document-views';

/** The written notices of a case (受理告知书, 处理意见书, …), for staff who can see the case. */
@ApiTags('documents')
@ApiErrorResponses(400, 401, 404)
@ApiBearerAuth()
@Controller('petitions/:id/documents')
export class DocumentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'the documents issued in the case, oldest first' })
  @ApiOkResponse({ type: [DocumentView] })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<DocumentView[]> {
    await this.access.requireVisible(user, id);
    return (await listCaseDocuments(this.dataSource.manager, id)).map(documentView);
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'one document as PDF (its SHA-256 in the ETag and X-Content-SHA256 headers)' })
  @ApiOkResponse({
    description: 'the PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Param('documentId', new ParseUUIDPipe({ version: '4' })) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.access.requireVisible(user, id);
    const document = await readCaseDocument(this.dataSource.manager, id, documentId);
    if (!document)
      throw new ApiError('notFound', `petition ${id} has no document ${documentId}`, undefined, undefined, {
        messageKey: 'petition.noDocument',
      });
    return documentDownload(document, response);
  }
}
