/**
 * One case under audit: the history's timeline beside the read model's, the read-model
 * verification, the case's audit-trail records, the history itself to download, the case in the
 * Temporal UI, and a replay of it against the current code.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, call, downloadFile } from '../../api/client';
import { ErrorAlert } from '../common/ErrorAlert';
import { CaseTrailTable } from './CaseTrailTable';
import { Differences, HistoryTimelineCard } from './HistoryTimelineCard';
import { historyTimeline } from './queries';
import { ReadModelTimelineCard } from './ReadModelTimelineCard';
import { ReadModelVerificationCard } from './ReadModelVerificationCard';
import { ReplayResults } from './ReplayResults';
import { useReplay } from './useReplay';

export default function AuditCasePage() {
  const { id = '' } = useParams();
  const caseView = useQuery({
    queryKey: ['audit', 'case', id],
    queryFn: () => call(api.GET('/petitions/{id}', { params: { path: { id } } })),
  });
  const timeline = useQuery({ queryKey: ['audit', 'history-timeline', id], queryFn: () => historyTimeline(id) });
  const replay = useReplay();
  const [download, setDownload] = useState<{ pending: boolean; error?: unknown }>({ pending: false });

  const downloadHistory = async () => {
    setDownload({ pending: true });
    try {
      await downloadFile(
        `/audit/petitions/${id}/history?encoding=decoded`,
        `案件历史（${caseView.data?.caseNumber ?? '未编号'}）.json`,
      );
      setDownload({ pending: false });
    } catch (error) {
      setDownload({ pending: false, error });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {caseView.data?.caseNumber ? `审计核验：${caseView.data.caseNumber}` : '审计核验'}
      </Typography.Title>
      <ErrorAlert error={caseView.error} />
      <Space wrap>
        <Button type="primary" loading={replay.running} onClick={() => replay.start({ petitionIds: [id] })}>
          重放本案
        </Button>
        <Button loading={download.pending} onClick={downloadHistory}>
          下载历史 JSON
        </Button>
        {caseView.data?.temporalUiUrl && (
          <Button href={caseView.data.temporalUiUrl} target="_blank" rel="noopener noreferrer">
            在 Temporal UI 中查看
          </Button>
        )}
      </Space>
      <ErrorAlert error={download.error} />
      <ErrorAlert error={replay.error} />
      {replay.job && (
        <Card title="重放结果" size="small">
          <ReplayResults job={replay.job} />
        </Card>
      )}
      <ErrorAlert error={timeline.error} />
      {timeline.isPending && <Spin />}
      {timeline.data && <Differences differences={timeline.data.differences} />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          {timeline.data && <HistoryTimelineCard petitionId={id} timeline={timeline.data} />}
        </Col>
        <Col xs={24} lg={12}>
          <ReadModelTimelineCard petitionId={id} differences={timeline.data?.differences ?? []} />
        </Col>
      </Row>
      <ReadModelVerificationCard petitionId={id} />
      <CaseTrailTable petitionId={id} />
    </Space>
  );
}
