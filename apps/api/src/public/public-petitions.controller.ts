import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiOkResponse, ApiParam, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { documentDownload } from '../documents/document-download';
import { DocumentView } from '../documents/document-views';
import { IsIn, IsString, Length } from 'class-validator';
import { RATINGS, Rating } from '@/libs/process/policy';
import { QueryCodeFailureRecorder } from '../abuse/access-failures';
import { RateLimited } from '../abuse/rate-limit';
import { Public } from '../auth/auth.guard';
import { ApiErrorResponses } from '../common/api-error';
import { PetitionerView } from './petitioner-view';
import { ParsePetitionRefPipe, type PetitionRef } from '../common/petition-ref';
import { PublicPetitionsService } from './public-petitions.service';

class PetitionerRequestDto {
  @ApiProperty({ description: 'unique per intended request: sending it again changes nothing' })
  @IsString()
  @Length(1, 200)
  requestId!: string;
}

class RatingDto extends PetitionerRequestDto {
  @ApiProperty({ enum: RATINGS, description: '满意 satisfied · 基本满意 basicallySatisfied · 不满意 dissatisfied' })
  @IsIn(RATINGS as string[])
  rating!: Rating;
}

const QUERY_CODE = { name: 'x-query-code', required: true, description: 'the 查询码 given at registration' };

@ApiTags('public (petitioner)')
@Public()
@RateLimited('queryCode')
@UseInterceptors(QueryCodeFailureRecorder)
@ApiErrorResponses(400, 404)
@ApiParam({ name: 'id', description: 'the petition id (UUID) or its 信访件编号' })
@Controller('public/petitions')
export class PublicPetitionsController {
  constructor(private readonly petitions: PublicPetitionsService) {}

  @Get(':id')
  @ApiHeader(QUERY_CODE)
  @ApiOkResponse({ type: PetitionerView })
  @ApiOperation({ summary: '阳光信访: milestones and the current deadline, with the query code' })
  view(@Param('id', ParsePetitionRefPipe) id: PetitionRef, @Headers('x-query-code') code?: string) {
    return this.petitions.view(id, code);
  }

  @Get(':id/documents')
  @ApiHeader(QUERY_CODE)
  @ApiOperation({ summary: 'the notices addressed to the petitioner (受理告知书, 处理意见书, …), with the query code' })
  @ApiOkResponse({ type: [DocumentView] })
  documents(@Param('id', ParsePetitionRefPipe) id: PetitionRef, @Headers('x-query-code') code?: string) {
    return this.petitions.documents(id, code);
  }

  @Get(':id/documents/:documentId')
  @ApiHeader(QUERY_CODE)
  @ApiOperation({ summary: 'one notice as PDF, with the query code; internal documents are not served here' })
  @ApiOkResponse({
    description: 'the PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async document(
    @Param('id', ParsePetitionRefPipe) id: PetitionRef,
    @Param('documentId', new ParseUUIDPipe({ version: '4' })) documentId: string,
    @Res({ passthrough: true }) response: Response,
    @Headers('x-query-code') code?: string,
  ) {
    return documentDownload(await this.petitions.document(id, code, documentId), response);
  }

  @Post(':id/rating')
  @HttpCode(200)
  @ApiHeader(QUERY_CODE)
  @ApiOkResponse({ type: PetitionerView })
  @ApiOperation({ summary: '满意度评价: rate the reply, once, while its review window is open' })
  @ApiErrorResponses(409)
  rate(
    @Param('id', ParsePetitionRefPipe) id: PetitionRef,
    @Body() dto: RatingDto,
    @Headers('x-query-code') code?: string,
  ) {
    return this.petitions.rate(id, code, dto.requestId, dto.rating);
  }

  @Post(':id/review-request')
  @HttpCode(200)
  @ApiHeader(QUERY_CODE)
  @ApiOkResponse({ type: PetitionerView })
  @ApiOperation({
    summary: 'ask the level above to review (复查) or re-review (复核) the reply, within 30 days of receiving it',
  })
  @ApiErrorResponses(409)
  requestReview(
    @Param('id', ParsePetitionRefPipe) id: PetitionRef,
    @Body() dto: PetitionerRequestDto,
    @Headers('x-query-code') code?: string,
  ) {
    return this.petitions.requestReview(id, code, dto.requestId);
  }
}
