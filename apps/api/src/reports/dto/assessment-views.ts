import { ApiProperty } from '@nestjs/swagger';
import { LEVELS_TOP_DOWN } from '@/libs/process/policy';
import { COMMON_RULES, FIGURE_DEFINITIONS } from '../figure-definitions';

/** Response shapes of the assessment report, declared for the OpenAPI document with each figure's definition. */
export class RateView {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'numerator ÷ denominator rounded to 4 decimals; null when the denominator is 0',
    example: 0.8333,
  })
  rate!: number | null;
}

export class OverdueCountView {
  @ApiProperty({ description: 'obligation clocks whose breach (超期) fired in the period' }) breached!: number;
  @ApiProperty({ description: 'of those, the clocks still running now' }) stillOpen!: number;
}

export class EscalationCountsView {
  @ApiProperty({ description: '预警 at 70% of the period' }) warning70!: number;
  @ApiProperty({ description: '预警 at 90% of the period' }) warning90!: number;
  @ApiProperty({ description: '超期: 督办 to the supervising petition office' }) breach!: number;
  @ApiProperty({ description: '挂牌督办: breach + 15 days' }) listedSupervision!: number;
  @ApiProperty({ description: '提级办理 available: breach + 30 days' }) takeoverAvailable!: number;
}

export class UnitFiguresView {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the unit; null in the total row (the whole scope)',
    example: 'x-zjj',
  })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: LEVELS_TOP_DOWN }) level!: string | null;
  @ApiProperty({ description: FIGURE_DEFINITIONS.registered }) registered!: number;
  @ApiProperty({ type: RateView, description: FIGURE_DEFINITIONS.acceptanceOnTime }) acceptanceOnTime!: RateView;
  @ApiProperty({ type: RateView, description: FIGURE_DEFINITIONS.handlingOnTime }) handlingOnTime!: RateView;
  @ApiProperty({ type: RateView, description: FIGURE_DEFINITIONS.firstTimeResolution }) firstTimeResolution!: RateView;
  @ApiProperty({ type: RateView, description: FIGURE_DEFINITIONS.ratingParticipation }) ratingParticipation!: RateView;
  @ApiProperty({ type: RateView, description: FIGURE_DEFINITIONS.satisfaction }) satisfaction!: RateView;
  @ApiProperty({ type: OverdueCountView, description: FIGURE_DEFINITIONS.overdue }) overdue!: OverdueCountView;
  @ApiProperty({ type: EscalationCountsView, description: FIGURE_DEFINITIONS.escalations })
  escalations!: EscalationCountsView;
}

export class RegistrationLevelView {
  @ApiProperty({ enum: LEVELS_TOP_DOWN }) level!: string;
  @ApiProperty() registered!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'registered at this level ÷ registered in the scope, 4 decimals',
  })
  share!: number | null;
}

export class OverdueUnitView {
  @ApiProperty({ description: '1 for the unit with the most breached clocks' }) rank!: number;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: LEVELS_TOP_DOWN }) level!: string;
  @ApiProperty() breached!: number;
  @ApiProperty() stillOpen!: number;
}

export class ReportScopeView {
  @ApiProperty({ type: String, nullable: true, description: 'the unit asked for, or null for your whole region' })
  unitId!: string | null;
  @ApiProperty({ type: [String], description: 'every unit the figures cover' }) unitIds!: string[];
}

export class ReportPeriodView {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-03-31' }) to!: string;
}

export class AssessmentReportView {
  @ApiProperty({ type: ReportScopeView }) scope!: ReportScopeView;
  @ApiProperty({ type: ReportPeriodView }) period!: ReportPeriodView;
  @ApiProperty({ description: 'when the report was computed (ISO-8601, +08:00)', example: '2026-04-01T09:00:00+08:00' })
  asOf!: string;
  @ApiProperty({ type: UnitFiguresView, description: 'the whole scope' }) total!: UnitFiguresView;
  @ApiProperty({ type: [UnitFiguresView], description: 'each unit of the scope on its own, top level first' })
  units!: UnitFiguresView[];
  @ApiProperty({ type: [RegistrationLevelView], description: FIGURE_DEFINITIONS.registrationLevels })
  registrationLevels!: RegistrationLevelView[];
  @ApiProperty({ type: [OverdueUnitView], description: FIGURE_DEFINITIONS.topOverdueUnits })
  topOverdueUnits!: OverdueUnitView[];
}

/** The endpoint's OpenAPI description: every rule and definition. */
export const ASSESSMENT_DESCRIPTION = [...COMMON_RULES, ...Object.values(FIGURE_DEFINITIONS)].join('\n\n');
