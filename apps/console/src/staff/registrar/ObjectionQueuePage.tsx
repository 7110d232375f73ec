/**
 * 异议核实: objections to a misroute waiting for the user's petition office (GET /me/objections,
 * oldest first; Art 23). Each row opens the case's own 核实异议 form (decideMisrouteObjection):
 * agree, and the case returns for a fresh routing decision; refuse with reasons, and the case stays
 * with the unit, its clocks running, 推诿 recorded against it.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { deadlineWhen, formatInstant } from '../../shared/time';
import { ActionForms } from '../actions';
import { ErrorAlert } from '../common/ErrorAlert';
import { useUnitNames } from '../common/UnitPicker';
import { CaseLink } from '../supervision/CaseLink';

type Objection = Schemas['PendingObjectionItem'];

export default function ObjectionQueuePage() {
  const unitName = useUnitNames();
  const [deciding, setDeciding] = useState<Objection | null>(null);
  const objections = useQuery({
    queryKey: ['me', 'objections'],
    queryFn: () => call(api.GET('/me/objections')),
  });
  return (
    <Card title="异议核实">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="承办单位认为不属其职权范围而提出异议的事项，由本信访部门核实：同意的，退回重新转送交办，不追究异议单位；不予同意的，应说明理由，事项仍由该单位办理，期限照常计算，并记录推诿。"
      />
      <ErrorAlert error={objections.error} />
      <Table<Objection>
        rowKey="petitionId"
        loading={objections.isLoading}
        dataSource={objections.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '没有待核实的异议' }}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          { title: '异议单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          { title: '异议理由', dataIndex: 'reasons' },
          { title: '提出时间', dataIndex: 'objectedAt', render: (at: string) => formatInstant(at) },
          {
            title: '受理告知期限',
            dataIndex: 'acceptanceDueAt',
            render: (at: string | null) => (at ? deadlineWhen({ dueAt: at }) : '—'),
          },
          {
            title: '核实',
            key: 'decide',
            render: (_, row) => (
              <Button type="primary" size="small" onClick={() => setDeciding(row)}>
                核实异议
              </Button>
            ),
          },
        ]}
      />
      <Modal open={deciding !== null} title="核实异议" footer={null} onCancel={() => setDeciding(null)} destroyOnHidden>
        {deciding && (
          <>
            <Typography.Paragraph>
              {unitName(deciding.unitId)}：{deciding.reasons}
            </Typography.Paragraph>
            <ActionForms
              petitionId={deciding.petitionId}
              only={['decideMisrouteObjection']}
              emptyText="此异议现在不能核实（可能已被撤回或已核实）"
              onDone={() => {
                setDeciding(null);
                void objections.refetch();
              }}
            />
          </>
        )}
      </Modal>
    </Card>
  );
}
