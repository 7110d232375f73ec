import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN, ORGAN_CODE_PATTERN, REGION_SEGMENT_PATTERN, UNIT_KINDS } from '@/libs/persistence/directory-admin';
import { LEVELS_TOP_DOWN, STAFF_ROLES } from '@/libs/process/policy';
import { EmptyAsAbsent } from '../../common/empty-as-absent';

const ID_MESSAGE = '$property: lower-case letters, digits and dashes, at most 63';
const ORGAN_CODE_DESCRIPTION =
  "机关代字: the head of the unit's 文号 (示住建信〔2026〕4号); documents already issued keep theirs";
const ORGAN_CODE_MESSAGE =
  '$property: the 机关代字, 1 to 20 characters without spaces, digits or brackets, e.g. 示住建信';

export class CreateUnitDto {
  @ApiProperty({ example: 'y-xfj' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: '示范乙县信访局' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS, description: '信访部门 · 职能部门 · 纪检监察' })
  @IsIn(UNIT_KINDS as readonly string[] as string[])
  kind!: (typeof UNIT_KINDS)[number];

  @ApiProperty({ enum: LEVELS_TOP_DOWN, description: 'one level below the parent' })
  @IsIn(LEVELS_TOP_DOWN as readonly string[] as string[])
  level!: (typeof LEVELS_TOP_DOWN)[number];

  @ApiProperty({ example: 'c-xfj', description: "上一级: the unit that reviews this unit's replies" })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId!: string;

  @ApiProperty({
    example: 'y',
    description:
      "segment of the administrative region, appended to the parent's region path (units of one county share it)",
  })
  @Matches(REGION_SEGMENT_PATTERN, { message: '$property: lower-case letters, digits and dashes, at most 31' })
  region!: string;

  @ApiPropertyOptional({ example: '示乙访信', description: ORGAN_CODE_DESCRIPTION })
  @IsOptional()
  @Matches(ORGAN_CODE_PATTERN, { message: ORGAN_CODE_MESSAGE })
  organCode?: string;
}

export class SetOrganCodeDto {
  @ApiProperty({ example: '示住建信', description: ORGAN_CODE_DESCRIPTION })
  @IsString()
  @Matches(ORGAN_CODE_PATTERN, { message: ORGAN_CODE_MESSAGE })
  organCode!: string;
}

export class RenameUnitDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class MoveUnitDto {
  @ApiProperty({ description: 'the new parent, of the level above the unit' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'y-registrar' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: '乙县信访局登记员' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES as string[])
  role!: (typeof STAFF_ROLES)[number];

  @ApiProperty({ example: 'y-xfj' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiPropertyOptional({ description: 'at least 12 characters; omit for a user who signs in only through OIDC' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  password?: string;

  @ApiPropertyOptional({ description: 'the value of OIDC_USER_CLAIM identifying this user at the identity provider' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  oidcSubject?: string;
}

export class ChangeUserDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES as string[])
  role?: (typeof STAFF_ROLES)[number];

  @ApiPropertyOptional()
  @EmptyAsAbsent()
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'at least 12 characters; every session of the user ends' })
  @IsString()
  @Length(1, 256)
  password!: string;
}
