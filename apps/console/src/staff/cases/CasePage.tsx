/**
 * One case (`GET /petitions/{id}`): header, clocks, the actions the user may take now, the
 * milestones, the documents and the timeline. A case the user may not see (including an
 * accusation, for the accused unit) is the API's not-found answer and nothing else.
 */
import { Card, Result, Space, Spin } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { ActionForms, useCaseView } from '../actions';
import { ErrorAlert } from '../common/ErrorAlert';
import { CaseDeliveries } from './CaseDeliveries';
import { CaseDocuments } from './CaseDocuments';
import { CaseMaterials } from './CaseMaterials';
import { CaseDraft } from './CaseDraft';
import { CaseHeader } from './CaseHeader';
import { EventTimeline, Milestones } from './CaseHistory';
import { ClocksTable } from './ClocksTable';
import { ReceiptButton } from './ReceiptButton';
import { useMe } from '../session';

export default function CasePage() {
  const { id = '' } = useParams();
  const caseView = useCaseView(id);
  const me = useMe();
  if (caseView.error instanceof ApiError && (caseView.error.statusCode === 404 || caseView.error.statusCode === 400))
    return <Result status="404" title={caseView.error.message} data-testid="case-not-found" />;
  if (caseView.error) return <ErrorAlert error={caseView.error} />;
  if (!caseView.data) return <Spin />;
  const view = caseView.data.live ?? caseView.data.readModel?.view;
  if (!view) return <Result status="info" title="案件正在生成，请稍后刷新" />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="信访事项" extra={me.unitId === view.routingUnitId ? <ReceiptButton petitionId={id} /> : undefined}>
        <CaseHeader
          view={view}
          intake={caseView.data.intake}
          caseNumber={caseView.data.caseNumber}
          userNames={caseView.data.userNames}
        />
      </Card>
      <Card title="可办理操作">
        <ActionForms petitionId={id} emptyText="当前没有您可办理的操作" />
      </Card>
      {view.approvals && (view.draft || view.returnedDraft) && (
        <Card title="签发">
          <CaseDraft petitionId={id} view={view} userNames={caseView.data.userNames} />
        </Card>
      )}
      <Card title="期限">
        <ClocksTable clocks={view.clocks} />
      </Card>
      <Card title="办理进程">
        <Milestones milestones={view.milestones} />
      </Card>
      <Card title="文书">
        <CaseDocuments petitionId={id} issued={view.documents.length} />
      </Card>
      <Card title="案件材料">
        <CaseMaterials petitionId={id} />
      </Card>
      {view.deliveries.length > 0 && (
        <Card title="送达记录">
          <CaseDeliveries deliveries={view.deliveries} />
        </Card>
      )}
      <Card title="办理记录">
        <EventTimeline petitionId={id} revision={caseView.data.readModel?.revision} />
      </Card>
    </Space>
  );
}
