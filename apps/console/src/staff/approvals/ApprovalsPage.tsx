/**
 * 待签发: the unit head's drafts awaiting approval (`GET /me/approvals`), oldest first: the reply or
 * decision, its draft number, who drafted it and when, the period it must be issued in, and the
 * 草稿 preview, 签发 and 退回修改 on each.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { CLOCK_LABELS, NOTICE_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { ErrorAlert } from '../common/ErrorAlert';
import { PersonName } from '../common/PersonName';
import { CaseLink } from '../supervision/CaseLink';
import { DraftActions } from './DraftActions';

type Item = Schemas['ApprovalQueueItem'];

export default function ApprovalsPage() {
  const queue = useQuery({
    queryKey: ['approvals'],
    queryFn: () => call(api.GET('/me/approvals')),
  });
  return (
    <Card title="待签发">
      <ErrorAlert error={queue.error} />
      {queue.data && (
        <Typography.Paragraph type="secondary">
          共 {queue.data.items.length} 件 · 截至 {formatInstant(queue.data.asOf)} ·
          处理意见书、复查意见书、复核意见书自签发之日起出具，办理期限以签发日为准
        </Typography.Paragraph>
      )}
      <Table<Item>
        rowKey="petitionId"
        size="small"
        loading={queue.isLoading}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '没有待签发的草稿' }}
        data-testid="approval-queue"
        columns={[
          {
            title: '信访事项',
            key: 'case',
            render: (_, item) => (
              <Space direction="vertical" size={0}>
                <CaseLink petitionId={item.petitionId} caseNumber={item.caseNumber} />
                {item.summary && <span>{item.summary}</span>}
              </Space>
            ),
          },
          {
            title: '文书',
            key: 'kind',
            render: (_, item) => `${labelOf(NOTICE_LABELS, item.draft.kind)}（第 ${item.draft.draftNo} 稿）`,
          },
          {
            title: '拟稿人',
            key: 'draftedBy',
            render: (_, item) => <PersonName name={item.draftedByName} userId={item.draft.draftedBy} />,
          },
          { title: '报签时间', key: 'draftedAt', render: (_, item) => formatInstant(item.draft.draftedAt) },
          {
            title: '办理期限',
            key: 'clock',
            render: (_, item) =>
              item.clock ? (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{labelOf(CLOCK_LABELS, item.clock.clockId)}</Typography.Text>
                  <DueTag deadline={item.clock} />
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, item) => <DraftActions petitionId={item.petitionId} draft={item.draft} canDecide />,
          },
        ]}
      />
    </Card>
  );
}
