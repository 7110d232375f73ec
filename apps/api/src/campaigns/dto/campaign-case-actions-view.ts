/** The case actions open to the caller (GET /campaigns/:id/cases/:petitionId/actions). */
import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_CASE_ACTIONS } from '@/libs/process/campaign-case-actions';
import { LEADER_LEVELS_TOP_DOWN } from '@/libs/process/campaign-policy';

export class AvailableCampaignCaseActionView {
  @ApiProperty({ enum: CAMPAIGN_CASE_ACTIONS }) action!: string;
  @ApiProperty({
    enum: LEADER_LEVELS_TOP_DOWN,
    isArray: true,
    required: false,
    description: 'assignLeader: the leader levels your petition office assigns for this case',
  })
  levels?: string[];
}

export class CampaignCaseActionsView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({
    type: [AvailableCampaignCaseActionView],
    description:
      "what you may do on the case now (your role, your unit, the case's state: the campaign workflow's own rule); the arguments are checked when you act",
  })
  actions!: AvailableCampaignCaseActionView[];
  @ApiProperty({
    description:
      "the petition's reply is issued and delivered, or it is closed (as the read model says now): only then may a resolution be reported or the case be struck off (policy v2)",
  })
  petitionSettled!: boolean;
  @ApiProperty({ description: 'a resolution report needs the petition settled (policy v2)' })
  resolutionNeedsSettledPetition!: boolean;
}
