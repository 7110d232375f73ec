import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Sse } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import {
  DigestPreference,
  DigestPreferenceInput,
  ListNotificationsQuery,
  NotificationList,
  NotificationPreference,
  UnreadCount,
} from './dto/notification-views';
import { NotificationStreamService, type UnreadEvent } from './notification-stream.service';
import { NotificationsService } from './notifications.service';

/** The signed-in staff member's notification centre (the console's bell). */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrorResponses(400, 401)
@Controller('me/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStreamService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "your notifications, newest first: cases entering your unit's queue, drafts awaiting your 签发, escalation rungs, 督办, 回头看 due",
  })
  @ApiOkResponse({ type: NotificationList })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(user, query.limit ?? 50, query.unreadOnly === 'true');
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'how many of your notifications are unread' })
  @ApiOkResponse({ type: UnreadCount })
  async unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCount> {
    return { unread: await this.notifications.unread(user) };
  }

  @Get('preferences')
  @ApiOperation({
    summary:
      'on which channels you are told of what is addressed to you by name (a kind and channel not listed: on); the console always shows it',
  })
  @ApiOkResponse({ type: [NotificationPreference] })
  preferences(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.preferences(user);
  }

  @Put('preferences')
  @ApiOperation({
    summary: 'turns one kind of notification on or off on one channel, for you; returns all your choices',
  })
  @ApiOkResponse({ type: [NotificationPreference] })
  setPreference(@CurrentUser() user: AuthenticatedUser, @Body() body: NotificationPreference) {
    return this.notifications.setPreference(user, body);
  }

  @Get('preferences/digest')
  @ApiOperation({
    summary: 'whether your 70 %/90 % warnings are mailed as one digest a morning (预警汇总) instead of one by one',
  })
  @ApiOkResponse({ type: DigestPreference })
  digest(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.digestPreference(user);
  }

  @Put('preferences/digest')
  @ApiOperation({
    summary:
      'turns the warning digest on or off for you: one mail a morning listing the warnings by case number (the console still shows each at once)',
  })
  @ApiOkResponse({ type: DigestPreference })
  setDigest(@CurrentUser() user: AuthenticatedUser, @Body() body: DigestPreferenceInput) {
    return this.notifications.setDigestPreference(user, body.warnings);
  }

  @Sse('stream')
  @ApiOperation({
    summary:
      'Server-Sent Events: `unread` events with {"unread": n} at once and whenever it changes (send the bearer token; read with fetch, not EventSource)',
  })
  @ApiProduces('text/event-stream')
  live(@CurrentUser() user: AuthenticatedUser, @Req() request: Request): Observable<UnreadEvent> {
    return this.stream.unreadCounts(user, request.socket);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'marks all your notifications read' })
  @ApiOkResponse({ type: UnreadCount })
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCount> {
    return { unread: await this.notifications.markAllRead(user) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'marks one of your notifications read (again: no change)' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: UnreadCount })
  async read(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<UnreadCount> {
    return { unread: await this.notifications.markRead(user, id) };
  }
}
