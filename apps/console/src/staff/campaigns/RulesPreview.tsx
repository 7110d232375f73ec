import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { CATEGORY_LABELS, labelOf, STEP_LABELS } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { CaseLink } from '../supervision/CaseLink';
import { useUnitNames } from '../common/UnitPicker';
import { REASON_LABELS } from './labels';

/** The open cases of the region these rules would select now (POST /campaigns/preview), with why. */
export function RulesPreview({ rules }: { rules: Schemas['SelectionRulesDto'] }) {
  const unitName = useUnitNames();
  const preview = useQuery({
    queryKey: ['campaigns', 'preview', rules],
    queryFn: () => call(api.POST('/campaigns/preview', { body: { rules } })),
  });
  return (
    <div style={{ marginTop: 16 }}>
      <ErrorAlert error={preview.error} />
      {preview.data && (
        <Typography.Text>
          按当前规则将纳入 {preview.data.cases.length} 件（{formatInstant(preview.data.asOf)}）
        </Typography.Text>
      )}
      <Table
        aria-label="预览"
        size="small"
        rowKey="petitionId"
        loading={preview.isLoading}
        dataSource={preview.data?.cases ?? []}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          { title: '类别', dataIndex: 'category', render: (c: string) => labelOf(CATEGORY_LABELS, c) },
          { title: '责任单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          { title: '环节', dataIndex: 'step', render: (s: string) => labelOf(STEP_LABELS, s) },
          { title: '收到时间', dataIndex: 'receivedAt', render: (at: string) => formatInstant(at) },
          {
            title: '纳入理由',
            dataIndex: 'reasons',
            render: (reasons: (keyof typeof REASON_LABELS)[]) => reasons.map((r) => REASON_LABELS[r]).join('、'),
          },
        ]}
      />
    </div>
  );
}
