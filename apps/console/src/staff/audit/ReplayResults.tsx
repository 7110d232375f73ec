/** A replay's report: per case deterministic (确定性一致), or where the code parted from the history. */
import { Alert, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ReplayJobView, ReplayOutcome } from './types';

const STATUS_LABELS: Record<ReplayJobView['status'], string> = {
  queued: '排队中',
  running: '重放中',
  done: '已完成',
  failed: '失败',
  interrupted: '已中断',
};

function Verdict({ outcome }: { outcome: ReplayOutcome }) {
  if ('unavailable' in outcome) return <Tag>无法重放</Tag>;
  return outcome.deterministic ? <Tag color="green">确定性一致</Tag> : <Tag color="red">不确定（偏离）</Tag>;
}

/** The original English, for the developer who fixes it: closed unless asked for. */
function DeveloperDetail({ text }: { text: string }) {
  return (
    <details>
      <summary>开发人员信息</summary>
      <Typography.Text code>{text}</Typography.Text>
    </details>
  );
}

function Detail({ outcome }: { outcome: ReplayOutcome }) {
  // The reasons are the SDK's and the runner's English: for developers, folded away under a Chinese sentence.
  if ('unavailable' in outcome)
    return (
      <Typography.Text type="secondary">
        本案的历史记录未归档，Temporal 中也读不到，无法重放。
        <DeveloperDetail text={outcome.unavailable} />
      </Typography.Text>
    );
  if (outcome.deterministic || !outcome.divergence)
    return (
      <Typography.Text type="secondary">{`${outcome.runs} 次运行，${outcome.events} 个事件，来源：${outcome.source === 'archive' ? '归档' : 'Temporal'}`}</Typography.Text>
    );
  const d = outcome.divergence;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="运行 (runId)">{d.runId}</Descriptions.Item>
      <Descriptions.Item label="事件编号 (eventId)">{d.eventId ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="历史记录为">{d.historyHas ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="当前代码执行">{d.codeDid}</Descriptions.Item>
      <Descriptions.Item label="说明">
        当前代码在此事件处所做与历史记录不符（不确定性），须先修正代码或以补丁区分新旧历史。
        <DeveloperDetail text={d.message} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export function ReplayResults({ job }: { job: ReplayJobView }) {
  const { total, completed, percent } = job.progress;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="replay-report">
      <Space wrap>
        <Tag color={job.status === 'done' ? 'blue' : job.status === 'failed' ? 'red' : 'default'}>
          {STATUS_LABELS[job.status] ?? job.status}
        </Tag>
        <span>{`已重放 ${completed} / ${total} 件：确定性一致 ${job.summary.deterministic}，偏离 ${job.summary.diverged}，无法重放 ${job.summary.unavailable}`}</span>
      </Space>
      {(job.status === 'queued' || job.status === 'running') && <Progress percent={percent} />}
      {job.error && <Alert type="error" showIcon title={job.error} />}
      <Table<ReplayOutcome>
        size="small"
        rowKey="petitionId"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={job.results}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, outcome) => <Link to={`/audit/cases/${id}`}>{outcome.caseNumber ?? '查看案件'}</Link>,
          },
          { title: '结果', key: 'verdict', width: 140, render: (_, outcome) => <Verdict outcome={outcome} /> },
          { title: '详情', key: 'detail', render: (_, outcome) => <Detail outcome={outcome} /> },
        ]}
      />
    </Space>
  );
}
