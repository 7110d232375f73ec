import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';

/** The most payloads one codec call carries (the Temporal UI sends one event's worth at a time). */
export const MAX_CODEC_PAYLOADS = 1000;

/** The Temporal codec-server body: payloads in proto3 JSON, every bytes value base64. */
export class CodecPayloadsDto {
  @ApiProperty({
    description: `payloads in proto3 JSON: { metadata: { key: base64 }, data: base64 } (at most ${MAX_CODEC_PAYLOADS})`,
    example: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJhIjoxfQ==' }],
  })
  @IsArray()
  @ArrayMaxSize(MAX_CODEC_PAYLOADS)
  @IsObject({ each: true })
  payloads!: Record<string, unknown>[];
}
