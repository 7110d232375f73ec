/**
 * 待转送交办: the registrar's queue (routing decisions due at the petition office, soonest first).
 * Each row offers 转送/交办, which opens the route or assign form the API lists for the case.
 */
import { Button, Card, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ActionForms } from '../actions';
import { QueueTable, type QueueItem } from '../queue/QueueTable';

export default function RoutingQueuePage() {
  const [routing, setRouting] = useState<QueueItem | null>(null);
  return (
    <Card title="待转送交办">
      <QueueTable
        extra={(item) => (
          <Button type="primary" size="small" onClick={() => setRouting(item)}>
            转送/交办
          </Button>
        )}
      />
      <Modal open={routing !== null} title="转送/交办" footer={null} onCancel={() => setRouting(null)} destroyOnHidden>
        {routing && (
          <>
            <Typography.Paragraph>{routing.summary}</Typography.Paragraph>
            <ActionForms
              petitionId={routing.petitionId}
              only={['route', 'assign']}
              emptyText="此事项现在不能转送或交办"
              onDone={() => setRouting(null)}
            />
          </>
        )}
      </Modal>
    </Card>
  );
}
