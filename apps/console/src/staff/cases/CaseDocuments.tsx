/** The written notices issued in the case (受理告知书, 处理意见书…), each to open or save as PDF. */
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Table } from 'antd';
import { api, call, downloadFile, openPdf } from '../../api/client';
import { NOTICE_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';

/** `issued`: how many notices the workflow says it issued; the list (from the read model) is polled until it has them. */
export function CaseDocuments({ petitionId, issued }: { petitionId: string; issued: number }) {
  const { message } = App.useApp();
  const documents = useQuery({
    queryKey: ['petition', petitionId, 'documents'],
    queryFn: () => call(api.GET('/petitions/{id}/documents', { params: { path: { id: petitionId } } })),
    refetchInterval: (query) => ((query.state.data?.length ?? 0) < issued ? 1_000 : false),
  });
  const pdfPath = (documentId: string) => `/petitions/${petitionId}/documents/${documentId}`;
  const failed = (error: unknown) => message.error(error instanceof Error ? error.message : String(error));
  return (
    <>
      <ErrorAlert error={documents.error} />
      <Table
        rowKey="documentId"
        size="small"
        pagination={false}
        loading={documents.isLoading}
        dataSource={documents.data ?? []}
        locale={{ emptyText: '尚未出具文书' }}
        data-testid="case-documents"
        columns={[
          { title: '文书', key: 'kind', render: (_, d) => labelOf(NOTICE_LABELS, d.kind) },
          { title: '文号', key: 'number', dataIndex: 'number' },
          { title: '出具时间', key: 'issuedAt', render: (_, d) => formatInstant(d.issuedAt) },
          {
            title: '操作',
            key: 'open',
            render: (_, d) => (
              <Space>
                <Button size="small" onClick={() => openPdf(pdfPath(d.documentId)).catch(failed)}>
                  打开
                </Button>
                <Button
                  size="small"
                  onClick={() => downloadFile(pdfPath(d.documentId), `${d.number}.pdf`).catch(failed)}
                >
                  下载
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
