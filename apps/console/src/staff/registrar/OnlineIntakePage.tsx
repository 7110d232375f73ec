/**
 * 网上信访待登记: submissions from the public page addressed to the user's petition office, the
 * longest waiting first (the 15 days of routing count from receipt, Art 22). Names and numbers
 * are masked in the list; opening one shows it whole, to register it as a petition (prefilled from
 * the submission) or to tell the submitter why it is not one.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Drawer, Table } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CATEGORY_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { OnlineSubmissionPanel } from './OnlineSubmissionPanel';

type Item = Schemas['OnlineIntakeItemView'];

export default function OnlineIntakePage() {
  const [opened, setOpened] = useState<string | null>(null);
  const waiting = useQuery({ queryKey: ['online-intake'], queryFn: () => call(api.GET('/online-intake')) });
  return (
    <Card title="网上信访待登记">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="网上提交的信访事项以提交时间为收到时间，转送交办期限（15 日）自收到之日起计算。属于信访事项的，及时登记；不属于的，说明理由告知信访人。"
      />
      <ErrorAlert error={waiting.error} />
      <Table<Item>
        rowKey="id"
        loading={waiting.isLoading}
        dataSource={waiting.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '没有待登记的网上信访' }}
        columns={[
          { title: '提交编号', dataIndex: 'submissionNumber' },
          { title: '提交时间', dataIndex: 'submittedAt', render: (at: string) => formatInstant(at) },
          { title: '类别', dataIndex: 'category', render: (c: string) => labelOf(CATEGORY_LABELS, c) },
          { title: '信访人', dataIndex: 'petitionerName' },
          { title: '电话', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          { title: '信访请求', dataIndex: 'request', ellipsis: true },
          { title: '材料', dataIndex: 'fileCount' },
          {
            title: '处理',
            key: 'open',
            render: (_, row) => (
              <Button type="primary" size="small" onClick={() => setOpened(row.id)}>
                查看登记
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={opened !== null} title="网上信访" width={720} onClose={() => setOpened(null)} destroyOnHidden>
        {opened && <OnlineSubmissionPanel id={opened} onDecided={() => void waiting.refetch()} />}
      </Drawer>
    </Card>
  );
}
