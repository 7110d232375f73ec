import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  setUnitNotificationAddresses,
  setUnitQuietHours,
  unitNotificationSettings,
} from '@/libs/persistence/notification-admin';
import { deliveryCounts, deliveryProblems } from '@/libs/persistence/notification-delivery-state';
import { formatInstant } from '@/libs/process/wire-time';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import { AdminService } from './admin.service';
import { SetNotificationAddressesDto, SetQuietHoursDto } from './dto/notification-admin.dto';
import { DeliveryStateView, UnitNotificationSettingsView } from './dto/notification-admin-views';

/** How many failed or retrying deliveries the operators' view lists. */
const PROBLEMS_LISTED = 50;

/**
 * An office's notification settings (where it is reached on each channel, its quiet hours) and the
 * operators' view of delivery state (issue 19). The admin API's rules: the unit within the admin's
 * region (403 outside), every change in the change log with who made it and its before and after.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class NotificationAdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('units/:id/notifications')
  @ApiOperation({ summary: "a unit's notification addresses per channel and its quiet hours" })
  @ApiOkResponse({ type: UnitNotificationSettingsView })
  @ApiErrorResponses(401, 403, 404)
  settings(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.admin.change(user, 'unitNotificationSettingsRead', { kind: 'unit', id }, (tx) =>
      unitNotificationSettings(tx, this.admin.actor(user), id),
    );
  }

  @Put('units/:id/notifications/addresses')
  @ApiOperation({
    summary: "replace a unit's notification addresses (one per channel); pending deliveries go to the new address",
  })
  @ApiOkResponse({ type: UnitNotificationSettingsView, description: "the unit's settings now" })
  @ApiErrorResponses(400, 401, 403, 404)
  setAddresses(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() dto: SetNotificationAddressesDto,
  ) {
    return this.admin.change(user, 'unitNotificationAddressesSet', { kind: 'unit', id }, (tx) =>
      setUnitNotificationAddresses(
        tx,
        this.admin.actor(user),
        id,
        dto.addresses.map((a) => ({ channel: a.channel, address: a.address })),
      ),
    );
  }

  @Put('units/:id/notifications/quiet-hours')
  @ApiOperation({
    summary:
      "set a unit's quiet hours (Beijing time; non-urgent mail and robot messages wait for their end), or clear them with both times null",
  })
  @ApiOkResponse({ type: UnitNotificationSettingsView, description: "the unit's settings now" })
  @ApiErrorResponses(400, 401, 403, 404)
  setQuietHours(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: SetQuietHoursDto) {
    return this.admin.change(user, 'unitQuietHoursSet', { kind: 'unit', id }, (tx) =>
      setUnitQuietHours(tx, this.admin.actor(user), id, { startsAt: dto.startsAt, endsAt: dto.endsAt }),
    );
  }

  @Get('notifications/deliveries')
  @ApiOperation({
    summary:
      'delivery state in your region: counts per channel and state, and the latest failed or retrying deliveries (no addresses, no message text)',
  })
  @ApiOkResponse({ type: DeliveryStateView })
  @ApiErrorResponses(401, 403)
  async deliveries(@CurrentUser() user: AuthenticatedUser): Promise<DeliveryStateView> {
    const db = this.dataSource.manager;
    const [counts, problems] = await Promise.all([
      deliveryCounts(db, user.regionPath),
      deliveryProblems(db, user.regionPath, PROBLEMS_LISTED),
    ]);
    return {
      counts,
      problems: problems.map((p) => ({
        ...p,
        nextAttemptAt: p.nextAttemptAt ? formatInstant(p.nextAttemptAt) : null,
      })),
    };
  }
}
