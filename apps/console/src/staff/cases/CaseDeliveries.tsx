/** 送达 as a record: each delivery of a reply or decision, its method, the 送达回证's date and who signed. */
import { Table } from 'antd';
import type { Schemas } from '../../api/client';
import { DELIVERY_METHOD_LABELS, DELIVERY_SIGNER_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';

type Delivery = Schemas['DeliveryWireView'];

const DELIVERED: Record<string, string> = {
  reply: '处理意见书',
  reviewDecision: '复查意见书',
  reReviewDecision: '复核意见书',
};

export function CaseDeliveries({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <Table
      rowKey={(d) => `${d.of}:${d.recordedAt}`}
      size="small"
      pagination={false}
      dataSource={deliveries}
      locale={{ emptyText: '尚无送达记录' }}
      data-testid="case-deliveries"
      columns={[
        { title: '送达文书', key: 'of', render: (_, d) => DELIVERED[d.of] ?? d.of },
        { title: '送达方式', key: 'method', render: (_, d) => labelOf(DELIVERY_METHOD_LABELS, d.method) },
        { title: '送达回证日期', key: 'deliveredAt', render: (_, d) => formatInstant(d.deliveredAt) },
        {
          title: '签收人',
          key: 'signedBy',
          render: (_, d) => (d.signedBy ? labelOf(DELIVERY_SIGNER_LABELS, d.signedBy) : '（无签收人）'),
        },
        { title: '登记时间', key: 'recordedAt', render: (_, d) => formatInstant(d.recordedAt) },
      ]}
    />
  );
}
