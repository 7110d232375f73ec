import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { renderDraftPreview } from '@/libs/documents';
import type { PetitionView } from '@/libs/process';
import { ApiError, ApiErrorResponses } from '../common/api-error';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PetitionAccessService } from '../petitions/petition-access.service';

/**
 * 签发: the draft awaiting the unit head's approval, as a PDF marked 草稿 with no 文号, for the
 * drafter, the head and anyone else who may read the case. Rendered from the case as projected;
 * never stored (only the approved document is).
 */
@ApiTags('documents')
@ApiErrorResponses(400, 401, 404)
@ApiBearerAuth()
@Controller('petitions/:id/draft.pdf')
export class DraftPreviewController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'the draft reply or decision awaiting 签发, as a PDF marked 草稿 (no 文号 yet)' })
  @ApiOkResponse({
    description: 'the PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async preview(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    await this.access.requireVisible(user, id, 'read', 'readDraft');
    const [row]: { view: PetitionView }[] = await this.dataSource.query(`SELECT view FROM petitions WHERE id = $1`, [
      id,
    ]);
    const draft = row?.view.draft;
    if (!draft)
      throw new ApiError('notFound', `petition ${id} has no draft awaiting approval`, undefined, undefined, {
        messageKey: 'petition.noDraft',
      });
    const pdf = await renderDraftPreview(this.dataSource.manager, {
      petitionId: id,
      receivedAt: row.view.receivedAt,
      handlingUnitId: row.view.handlingUnitId,
      draft,
    });
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(pdf.bytes, {
      type: 'application/pdf',
      length: pdf.bytes.length,
      disposition: `inline; filename="draft-${draft.draftNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`草稿-第${draft.draftNo}稿.pdf`)}`,
    });
  }
}
