/** Arguments of the actions at the petition office (routing) and the acceptance notice (受理告知). */
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { REDIRECT_PROCEDURES, RedirectProcedure } from '@/libs/process/policy';
import { EnumArg, IntArg, TextArg, UnitIdArg, ReasonArgs } from './arg-decorators';

export class RouteArgs {
  @UnitIdArg('转送: the unit with authority over the matter (never the accused unit of an accusation)')
  unitId!: string;
}

export class AssignArgs {
  @UnitIdArg('交办: the unit the petition is handed down to')
  unitId!: string;

  @IntArg({
    description: 'days the receiving unit has to report back (assignedReport clock)',
    example: 30,
    min: 1,
    max: 90,
  })
  reportBackDays!: number;
}

export class ObjectMisrouteArgs {
  @TextArg({
    description: 'why the unit has no authority over the matter',
    example: '该事项属市场监管部门职责，不属本单位职权范围',
  })
  reasons!: string;
}

export class DecideMisrouteObjectionArgs {
  @EnumArg(
    ['agreed', 'refused'],
    '核实: agreed 同意 (the case returns for a fresh routing decision, the unit is not blamed) · refused 不予同意 (the case stays with the unit, its clocks run on; 推诿 is recorded against it)',
  )
  decision!: 'agreed' | 'refused';

  @TextArg({
    description: 'why the objection is refused (required when refused), or a note on the agreement',
    example: '经核实，该事项属本单位职责范围，应予受理',
    optional: true,
  })
  reasons?: string;
}

/** 受理 takes no arguments: the body's `args` is `{}`. */
export class AcceptArgs {}

export class DeclineArgs extends ReasonArgs(
  '不予受理: the reason given to the petitioner',
  '该诉求已通过诉讼程序处理完毕',
) {}

export class NotAcceptedAgainArgs {
  @ApiProperty({
    format: 'uuid',
    description: '不再受理: the earlier case whose re-review (复核) already decided the same facts and reasons',
    example: '0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a',
  })
  @IsUUID('4')
  earlierPetitionId!: string;
}

export class RedirectArgs {
  @EnumArg(
    REDIRECT_PROCEDURES,
    '导入: litigation 诉讼 · arbitration 仲裁 · administrativeReview 行政复议 · other 其他法定途径',
  )
  procedure!: RedirectProcedure;

  @TextArg({
    description: 'what the petitioner was told about the procedure',
    example: '已告知信访人向人民法院提起诉讼',
    optional: true,
  })
  note?: string;
}
