/**
 * The hash-chained audit trail walked end to end. The head is the anchor to note now; pasted back
 * next time it reveals a cut or rewritten tail that a chain check alone would not.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { verifyTrail } from './queries';

const BREAK_LABELS: Record<string, string> = {
  altered: '记录被篡改',
  missing: '记录缺失',
  outOfOrder: '记录被插入或调序',
  anchorMismatch: '与锚点不符（链尾被截断或改写）',
};

export function TrailVerificationCard() {
  const [anchors, setAnchors] = useState('');
  const verification = useMutation({ mutationFn: verifyTrail });
  const result = verification.data;
  const given = anchors
    .split(/\s+/)
    .map((a) => a.trim())
    .filter(Boolean);

  return (
    <Card title="审计链核验">
      <Form layout="vertical" onFinish={() => verification.mutate(given)}>
        <Form.Item label="上次记下的锚点（seq:hash，每行一个，可不填）" htmlFor="trail-anchors">
          <Input.TextArea
            id="trail-anchors"
            rows={2}
            value={anchors}
            onChange={(e) => setAnchors(e.target.value)}
            placeholder="1234:0f3a…"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={verification.isPending}>
          核验审计链
        </Button>
      </Form>
      <div style={{ marginTop: 16 }} data-testid="trail-verification">
        <ErrorAlert error={verification.error} />
        {result?.firstBrokenLink && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={`断链：第 ${result.firstBrokenLink.seq} 条记录，${BREAK_LABELS[result.firstBrokenLink.kind] ?? result.firstBrokenLink.kind}`}
            description={
              <>
                <div>{result.firstBrokenLink.message}</div>
                {result.firstBrokenLink.expected && <div>{`应为：${result.firstBrokenLink.expected}`}</div>}
                {result.firstBrokenLink.found && <div>{`实为：${result.firstBrokenLink.found}`}</div>}
              </>
            }
            style={{ marginBottom: 16 }}
          />
        )}
        {result && !result.firstBrokenLink && (
          <Alert
            type="success"
            showIcon
            title={`链完整：已核验 ${result.recordsChecked} 条记录`}
            style={{ marginBottom: 16 }}
          />
        )}
        {result && (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="核验时间">{formatInstant(result.checkedAt, true)}</Descriptions.Item>
            <Descriptions.Item label="当前链头（请记下，作为下次核验的锚点）">
              {result.head ? (
                <Typography.Text
                  code
                  copyable={{ text: `${result.head.seq}:${result.head.hash}` }}
                  data-testid="trail-head"
                >
                  {`${result.head.seq}:${result.head.hash}`}
                </Typography.Text>
              ) : (
                '（审计链为空）'
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
      </div>
    </Card>
  );
}
