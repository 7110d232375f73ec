import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { InvalidatesUserCache } from '../auth/user-cache';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  changeUserAssignment,
  createUnit,
  createUser,
  deactivateUnit,
  deactivateUser,
  moveUnit,
  renameUnit,
  setUnitOrganCode,
  resetPassword,
  unitInScope,
} from '@/libs/persistence/directory-admin';
import { personInCharge, setPersonInCharge } from '@/libs/persistence/person-in-charge';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AdminService } from './admin.service';
import {
  AdminChangeView,
  AdminUnitView,
  AdminUserView,
  InstalledVersionsView,
  PersonInChargeView,
} from './dto/admin-views';
import {
  ChangeUserDto,
  CreateUnitDto,
  CreateUserDto,
  MoveUnitDto,
  PersonInChargeDto,
  RenameUnitDto,
  SetOrganCodeDto,
  ResetPasswordDto,
} from './dto/admin.dto';

/**
 * Administration of the unit tree and the accounts. An admin manages the units and users at and
 * below their own unit's region (403 outside it); every change is recorded with who made it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@UseInterceptors(InvalidatesUserCache)
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('units')
  @ApiOperation({ summary: 'the units at and below your region' })
  @ApiOkResponse({ type: [AdminUnitView] })
  units(@CurrentUser() user: AuthenticatedUser) {
    return this.admin.units(user);
  }

  @Post('units')
  @ApiOperation({ summary: 'create a unit under a parent of the level above (kind, level, region segment)' })
  @ApiCreatedResponse({ type: AdminUnitView, description: 'the unit created' })
  createUnit(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateUnitDto) {
    return this.admin.change(user, 'unitCreated', { kind: 'unit', id: dto.id ?? null }, (tx) =>
      createUnit(tx, this.admin.actor(user), { ...dto }),
    );
  }

  @Patch('units/:id')
  @ApiOperation({ summary: 'rename a unit' })
  @ApiOkResponse({ type: AdminUnitView, description: 'the unit renamed' })
  renameUnit(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: RenameUnitDto) {
    return this.admin.change(user, 'unitRenamed', { kind: 'unit', id: id }, (tx) =>
      renameUnit(tx, this.admin.actor(user), id, dto.name),
    );
  }

  @Put('units/:id/organ-code')
  @ApiOperation({ summary: "set a unit's 机关代字, the head of its documents' 文号 (issued documents keep theirs)" })
  @ApiOkResponse({ type: AdminUnitView, description: 'the unit with its new organ code' })
  setOrganCode(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: SetOrganCodeDto) {
    return this.admin.change(user, 'unitOrganCodeSet', { kind: 'unit', id: id }, (tx) =>
      setUnitOrganCode(tx, this.admin.actor(user), id, dto.organCode),
    );
  }

  @Post('units/:id/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'move a unit (and everything below it) under another parent of the level above' })
  @ApiOkResponse({ type: AdminUnitView, description: 'the unit moved' })
  moveUnit(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: MoveUnitDto) {
    return this.admin.change(user, 'unitMoved', { kind: 'unit', id: id }, (tx) =>
      moveUnit(tx, this.admin.actor(user), id, dto.parentId),
    );
  }

  @Get('units/:id/person-in-charge')
  @ApiOperation({ summary: "the unit's person in charge of petition work (信访工作负责人)" })
  @ApiOkResponse({ type: PersonInChargeView })
  personInCharge(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.admin.change(user, 'unitPersonInChargeRead', { kind: 'unit', id }, async (tx) => {
      await unitInScope(tx, this.admin.actor(user), id, 'id');
      return personInCharge(tx, id);
    });
  }

  @Put('units/:id/person-in-charge')
  @ApiOperation({
    summary:
      "name the unit's person in charge of petition work (信访工作负责人): they answer for the unit's lapses when nobody was assigned the case",
  })
  @ApiOkResponse({ type: PersonInChargeView, description: 'the person in charge now' })
  setPersonInCharge(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: PersonInChargeDto) {
    return this.admin.change(user, 'unitPersonInChargeSet', { kind: 'unit', id }, (tx) =>
      setPersonInCharge(tx, this.admin.actor(user), id, dto.userId ?? null),
    );
  }

  @Post('units/:id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'deactivate a unit with no active units below it; its users are signed out and cannot sign in',
  })
  @ApiOkResponse({ type: AdminUnitView, description: 'the unit, deactivated' })
  deactivateUnit(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.admin.change(user, 'unitDeactivated', { kind: 'unit', id: id }, (tx) =>
      deactivateUnit(tx, this.admin.actor(user), id),
    );
  }

  @Get('users')
  @ApiOperation({ summary: 'the users of the units at and below your region' })
  @ApiOkResponse({ type: [AdminUserView] })
  users(@CurrentUser() user: AuthenticatedUser) {
    return this.admin.users(user);
  }

  @Post('users')
  @ApiOperation({ summary: 'create a user with a role in a unit (password and/or OIDC subject)' })
  @ApiCreatedResponse({ type: AdminUserView, description: 'the user created' })
  createUser(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateUserDto) {
    return this.admin.change(user, 'userCreated', { kind: 'user', id: dto.id ?? null }, (tx) =>
      createUser(tx, this.admin.actor(user), { ...dto }),
    );
  }

  @Patch('users/:id')
  @ApiOperation({ summary: "set a user's role, unit or name; a new role or unit signs the user out at once" })
  @ApiOkResponse({ type: AdminUserView, description: 'the user changed' })
  changeUser(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: ChangeUserDto) {
    return this.admin.change(user, 'userChanged', { kind: 'user', id: id }, (tx) =>
      changeUserAssignment(tx, this.admin.actor(user), id, { ...dto }),
    );
  }

  @Post('users/:id/password')
  @HttpCode(200)
  @ApiOperation({ summary: "reset a user's password; every session of the user ends" })
  @ApiOkResponse({ type: AdminUserView, description: 'the user (hasPassword true)' })
  resetPassword(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() dto: ResetPasswordDto) {
    return this.admin.change(user, 'passwordReset', { kind: 'user', id: id }, (tx) =>
      resetPassword(tx, this.admin.actor(user), id, dto.password),
    );
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'deactivate a user: refused at once, on every token' })
  @ApiOkResponse({ type: AdminUserView, description: 'the user, deactivated' })
  deactivateUser(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.admin.change(user, 'userDeactivated', { kind: 'user', id: id }, (tx) =>
      deactivateUser(tx, this.admin.actor(user), id),
    );
  }

  @Get('changes')
  @ApiOperation({ summary: 'who changed which unit or user, when, from what to what; newest first' })
  @ApiOkResponse({ type: [AdminChangeView] })
  changes(
    @CurrentUser() user: AuthenticatedUser,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ) {
    return this.admin.changes(user, Math.min(Math.max(limit, 1), 500));
  }

  @Get('versions')
  @ApiOperation({
    summary: 'installed process-policy and calendar versions, the current ones, and how many cases count by each',
  })
  @ApiOkResponse({ type: InstalledVersionsView })
  versions() {
    return this.admin.versions();
  }
}
