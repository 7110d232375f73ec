import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';

/** The most cases one request names; `all` replays every archived case in the caller's region. */
export const MAX_REPLAY_IDS = 200;

export class StartReplayDto {
  @ApiPropertyOptional({ description: `petition ids to replay (1–${MAX_REPLAY_IDS})`, type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REPLAY_IDS, {
    message: `petitionIds names at most ${MAX_REPLAY_IDS} cases; replay more with { "all": true }`,
  })
  @IsUUID('4', { each: true, message: 'each of petitionIds must be a petition id (UUID)' })
  petitionIds?: string[];

  @ApiPropertyOptional({ description: 'every archived case of the units at and below yours' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}
