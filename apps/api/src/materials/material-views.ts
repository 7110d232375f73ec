import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MATERIAL_KINDS, type MaterialKind } from '@/libs/process/materials';

/** One version of a material of a case, as the case page lists it. */
export class MaterialView {
  @ApiProperty({ format: 'uuid', description: 'this version’s file (the download’s id)' }) fileId!: string;
  @ApiProperty({ format: 'uuid', description: 'the material, the same across its versions' }) materialId!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ enum: MATERIAL_KINDS }) kind!: MaterialKind;
  @ApiProperty({ example: '信访人来信扫描件' }) caption!: string;
  @ApiProperty({ example: '来信.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ example: 102400 }) byteLength!: number;
  @ApiProperty({ description: 'lower-case hex SHA-256 of the stored bytes (as recorded in the workflow)' })
  sha256!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the uploader’s name' }) uploaderName!:
    string | null;
  @ApiProperty() uploaderUnitId!: string;
  @ApiProperty({ example: '2026-12-07T08:00:00.000+08:00' }) uploadedAt!: string;
  @ApiProperty({ description: 'the timeline event that recorded it' }) eventSeq!: number;
  @ApiProperty({ description: 'a later version replaces this one (it stays, listed and downloadable)' })
  superseded!: boolean;
}
