import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { EmptyAsAbsent } from '../../common/empty-as-absent';

/**
 * The petitioner's opt-in to hear of each milestone of their case (DOMAIN §7) by mail or SMS: given
 * means opted in ("" counts as absent). Kept with the registration in PostgreSQL like the other
 * contact data, never in the workflow. A message names only the case number and the milestone,
 * never the matter nor the 查询码 (docs/notifications.md).
 */
export function MilestoneEmail() {
  return applyDecorators(
    ApiPropertyOptional({
      example: 'zhang@example.com',
      description:
        '进展通知: the petitioner opted in to be told of each milestone (登记, 转送, 受理, 答复, 复查, 复核, 办结) by e-mail at this address; the mail names only the case number and the milestone',
    }),
    EmptyAsAbsent(),
    IsOptional(),
    MaxLength(254),
    IsEmail({}, { message: 'milestoneEmail must be an e-mail address' }),
  );
}

export function MilestonePhone() {
  return applyDecorators(
    ApiPropertyOptional({
      example: '13800138000',
      description:
        '进展通知 by SMS to this mainland mobile number (sent only where the SMS channel is configured; off by default)',
    }),
    EmptyAsAbsent(),
    IsOptional(),
    Matches(/^(?:\+86|0086|86)?[\s-]*1[3-9](?:[\s-]?\d){9}$/, {
      message: 'milestonePhone must be a mainland mobile number',
    }),
  );
}
