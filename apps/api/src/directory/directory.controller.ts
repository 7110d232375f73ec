import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export class DirectoryUnitView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['petitionOffice', 'functionalDepartment', 'discipline'] }) kind!: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'township'] }) level!: string;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ description: 'dotted region path; a unit sees its path and below' }) regionPath!: string;
}

export class DirectoryView {
  @ApiProperty({
    type: [DirectoryUnitView],
    description: "the active units at and below your unit's region, top level first",
  })
  units!: DirectoryUnitView[];
}

/**
 * The unit tree as staff need it to pick a unit (route / 交办 targets, filters): names, kinds and
 * levels only, of the active units at and below the caller's region (属地管理), which is what any
 * action of theirs may name. Administration of the tree stays at /admin/units.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('units')
export class DirectoryController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'the active units you may name in an action or filter: your region and below' })
  @ApiOkResponse({ type: DirectoryView })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<DirectoryView> {
    const units: DirectoryUnitView[] = await this.dataSource.query(
      `SELECT id, name, kind, level, parent_id AS "parentId", region_path AS "regionPath"
         FROM units
        WHERE active AND (region_path = $1 OR region_path LIKE $1 || '.%')
        ORDER BY length(region_path), region_path, kind, id`,
      [user.regionPath],
    );
    return { units };
  }
}
