import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_KINDS } from '@/libs/process';

/** A stored document of a case, without its bytes (download them from its own URL). */
export class DocumentView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({
    enum: NOTICE_KINDS,
    description:
      '受理告知书 acceptanceNotice · 不予受理告知书 declineNotice · 延长办理期限告知书 extensionNotice · 处理意见书 reply · 复查意见书 reviewDecision · 复核意见书 reReviewDecision',
  })
  kind!: string;
  @ApiProperty({ example: '示住建信〔2026〕12号', description: '文号: numbered per issuing unit and year' })
  number!: string;
  @ApiProperty({ example: '信访事项受理告知书' }) title!: string;
  @ApiProperty({ description: 'the issuing unit' }) unitId!: string;
  @ApiProperty({ description: 'SHA-256 of the PDF bytes (hex); the workflow keeps the same hash' }) sha256!: string;
  @ApiProperty() byteLength!: number;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ description: 'ISO-8601 with +08:00' }) issuedAt!: string;
}
