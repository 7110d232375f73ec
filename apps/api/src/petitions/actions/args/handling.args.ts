/** Arguments of the actions while the handling unit works the case (办理) and replies (处理意见书). */
import { MAX_HANDLING_EXTENSION_DAYS, REPLY_OUTCOMES, ReplyOutcome } from '@/libs/process/policy';
import { DELIVERY_METHODS, DELIVERY_SIGNERS, type DeliveryMethod, type DeliverySigner } from '@/libs/process/delivery';
import { EnumArg, InstantArg, IntArg, TextArg, UuidArg, WrittenGroundsArgs } from './arg-decorators';

export class ExtendHandlingArgs {
  @IntArg({
    description: 'days added to the 60-day handling period, once (《信访工作条例》第三十四条)',
    example: 30,
    min: 1,
    max: MAX_HANDLING_EXTENSION_DAYS,
  })
  days!: number;

  @TextArg({
    description: 'the reason, told to the petitioner in the 延长办理期限告知书',
    example: '案情复杂，需调取多年维修基金账目',
  })
  reason!: string;
}

/** The workflow issues the 处理意见书 from these: outcome, facts, reasons, legal basis, and where to ask for review. */
export class IssueReplyArgs extends WrittenGroundsArgs {
  @EnumArg(REPLY_OUTCOMES, 'supported 支持 · explained 解释说明 · notSupported 不予支持')
  outcome!: ReplyOutcome;
}

export class ConfirmImplementationArgs {
  @TextArg({
    description: 'how the supported request was carried out',
    example: '维修基金已于11月30日拨付到位',
    optional: true,
  })
  note?: string;
}

export class RecordDeliveryArgs {
  @InstantArg(
    '送达: the date on the 送达回证 (when the petitioner received it; not before the document was issued, not in the future)',
  )
  deliveredAt!: string;

  @EnumArg(
    DELIVERY_METHODS,
    'direct 直接送达 · post 邮寄送达 · electronic 电子送达 · leftAtResidence 留置送达 · publicNotice 公告送达',
  )
  method!: DeliveryMethod;

  @EnumArg(
    DELIVERY_SIGNERS,
    'who signed the 送达回证: petitioner 本人 · familyMember 同住成年家属 · agent 代理人/代收人 (直接送达, 邮寄送达) · witness 见证人 (留置送达); none for 电子送达 and 公告送达',
    { optional: true },
  )
  signedBy?: DeliverySigner;

  @UuidArg({
    description:
      'the document delivered: the written reply awaiting delivery (`awaitingDelivery.documentId` in the case view)',
    optional: true,
  })
  documentId?: string;

  @UuidArg({
    description: "the scanned 送达回证 among the case's materials (a fileId of GET /petitions/{id}/materials)",
    optional: true,
  })
  receiptFileId?: string;
}

export class ReportBackArgs {
  @TextArg({
    description: '交办: the report to the unit that handed the case down',
    example: '已受理并约谈物业公司，预计12月底前完成维修',
  })
  summary!: string;
}
