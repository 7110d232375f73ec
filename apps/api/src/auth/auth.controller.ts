import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { SignInError, refreshSession, revokeSession, signIn } from '@/libs/auth/sessions';
import { AccessFailures } from '../abuse/access-failures';
import { RateLimited } from '../abuse/rate-limit';
import { SignInLimits } from '../abuse/sign-in-limits';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';
import { CurrentUser, Public } from './auth.guard';
import type { AuthenticatedUser } from './authenticated-user';
import { InvalidatesUserCache } from './user-cache';
import { CurrentUserView, LoginDto, RefreshDto, TokensView } from './dto/sign-in.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly failures: AccessFailures,
    private readonly signInLimits: SignInLimits,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'sign in with user id and password: a short-lived access token and a single-use refresh token',
  })
  @ApiOkResponse({ type: TokensView })
  async login(@Body() dto: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const address = request.ip ?? 'unknown';
    await this.signInLimits.beforeAttempt(dto.userId, address, response);
    try {
      const tokens = await signIn(this.dataSource, this.config.auth, dto.userId, dto.password);
      await this.signInLimits.succeeded(dto.userId, address);
      return tokens;
    } catch (error) {
      if (error instanceof SignInError) {
        await this.signInLimits.failed(dto.userId, address);
        await this.failures.record('signIn', dto.userId, address, error.reason);
        throw new ApiError('unauthenticated', error.message, undefined, undefined, { messageKey: 'auth.signInFailed' });
      }
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @RateLimited('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'a new access token (and a new refresh token) for an unused refresh token; a reused one revokes the session',
  })
  @ApiOkResponse({ type: TokensView })
  async refresh(@Body() dto: RefreshDto, @Req() request: Request) {
    try {
      return await refreshSession(this.dataSource, this.config.auth, dto.refreshToken);
    } catch (error) {
      if (error instanceof SignInError) {
        await this.failures.record('signIn', null, request.ip ?? 'unknown', error.reason);
        throw new ApiError('unauthenticated', error.message, undefined, undefined, { messageKey: 'auth.tokenInvalid' });
      }
      throw error;
    }
  }

  @UseInterceptors(InvalidatesUserCache)
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'end this sign-in session: its access and refresh tokens are refused from now on' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    if (!user.sessionId)
      throw new ApiError(
        'badRequest',
        'an OIDC token has no session here: sign out at your identity provider',
        undefined,
        400,
        { messageKey: 'auth.oidcNoSession' },
      );
    await revokeSession(this.dataSource, user.sessionId, 'logout');
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'who the bearer token belongs to' })
  @ApiOkResponse({ type: CurrentUserView })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<CurrentUserView> {
    const [unit] = await this.dataSource.query('SELECT id, name, kind, level FROM units WHERE id = $1', [user.unitId]);
    return { id: user.id, name: user.name, role: user.role, unitId: user.unitId, unit };
  }
}
