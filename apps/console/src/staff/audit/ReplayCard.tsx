/** Replay after a deployment: the cases named (one id a line) or every archived case of the region. */
import { Button, Card, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../common/ErrorAlert';
import { ReplayResults } from './ReplayResults';
import { useReplay } from './useReplay';

export function ReplayCard() {
  const [scope, setScope] = useState<'named' | 'all'>('named');
  const [text, setText] = useState('');
  const replay = useReplay();
  const ids = text
    .split(/\s+/)
    .map((line) => line.trim())
    .filter(Boolean);

  return (
    <Card title="重放核验（当前工作流代码）">
      <Form layout="vertical" onFinish={() => replay.start(scope === 'all' ? { all: true } : { petitionIds: ids })}>
        <Form.Item label="重放范围">
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)}>
            <Radio value="named">指定案件</Radio>
            <Radio value="all">全部已归档案件</Radio>
          </Radio.Group>
        </Form.Item>
        {scope === 'named' && (
          <Form.Item label="案件编号（每行一个）" htmlFor="replay-ids">
            <Input.TextArea
              id="replay-ids"
              rows={4}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx"
            />
          </Form.Item>
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={replay.running}
          disabled={scope === 'named' && ids.length === 0}
        >
          开始重放
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={replay.error} />
        {replay.job && <ReplayResults job={replay.job} />}
      </div>
    </Card>
  );
}
