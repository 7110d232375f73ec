import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CodecPayloadsDto } from './codec.dto';
import { CODEC_ROLES, CodecService } from './codec.service';

/**
 * Codec server (Temporal's remote-codec protocol): lets an auditor's Temporal Web UI or CLI
 * (`temporal workflow show --codec-endpoint …/codec --codec-auth 'Bearer …'`) read encrypted
 * histories. CORS for the UI's origin is set in bootstrap.
 */
@ApiTags('audit')
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Roles(...CODEC_ROLES)
  @ApiBearerAuth()
  @ApiHeader({ name: 'X-Namespace', required: false })
  @ApiOperation({
    summary:
      'decrypt payloads of cases the caller may see (auditor, admin); 404 for a payload of any other case; each decode is on the audit trail',
  })
  decode(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CodecPayloadsDto,
    @Headers('x-namespace') namespace?: string,
  ) {
    return this.codec.run(user, 'decode', body, namespace, 'bearer');
  }

  @Post('encode')
  @HttpCode(200)
  @Roles(...CODEC_ROLES)
  @ApiBearerAuth()
  @ApiHeader({ name: 'X-Namespace', required: false })
  @ApiOperation({
    summary:
      'encrypt payloads with the current key, sealed for the caller: they open through /codec/decode for the caller only, and no workflow accepts them (auditor, admin)',
  })
  encode(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CodecPayloadsDto,
    @Headers('x-namespace') namespace?: string,
  ) {
    return this.codec.run(user, 'encode', body, namespace, 'bearer');
  }

  @Post('ui/:token/decode')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'decode for the Temporal Web UI started by npm start (the path token stands for its configured auditor)',
  })
  async decodeForUi(
    @Param('token') token: string,
    @Body() body: CodecPayloadsDto,
    @Headers('x-namespace') namespace?: string,
  ) {
    const user = await this.codec.userForUiToken(token);
    return this.codec.run(user, 'decode', body, namespace, 'ui');
  }

  @Post('ui/:token/encode')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'encode for the Temporal Web UI started by npm start' })
  async encodeForUi(
    @Param('token') token: string,
    @Body() body: CodecPayloadsDto,
    @Headers('x-namespace') namespace?: string,
  ) {
    const user = await this.codec.userForUiToken(token);
    return this.codec.run(user, 'encode', body, namespace, 'ui');
  }
}
