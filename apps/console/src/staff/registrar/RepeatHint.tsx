/**
 * Before a petition is registered, the earlier cases of the same petitioner with a like summary
 * (`POST /petitions/repeat-candidates`, asked again as the name and summary are typed): the
 * registrar ticks the ones it repeats (重复信访), which the form sends as `repeatOf`.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { CATEGORY_LABELS, DECISION_LABELS, STEP_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';

interface Props {
  petitionerName?: string;
  petitionerContact?: string;
  summary?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function RepeatHint({ petitionerName, petitionerContact, summary, value = [], onChange }: Props) {
  const probe = useDebounced(
    {
      petitionerName: petitionerName?.trim() ?? '',
      petitionerContact: petitionerContact?.trim() || undefined,
      summary: summary?.trim() ?? '',
    },
    500,
  );
  const ready = probe.petitionerName.length > 0 && probe.summary.length >= 2;
  const { data } = useQuery({
    queryKey: ['repeat-candidates', probe],
    queryFn: () => call(api.POST('/petitions/repeat-candidates', { body: probe })),
    enabled: ready,
  });
  const candidates = ready ? (data?.candidates ?? []) : [];
  if (candidates.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`可能是重复信访：同一信访人有 ${candidates.length} 件内容相近的信访事项`}
      description={
        <Checkbox.Group value={value} onChange={(checked) => onChange?.(checked as string[])} style={{ width: '100%' }}>
          <List
            size="small"
            dataSource={candidates}
            renderItem={(c) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Checkbox
                    value={c.petitionId}
                    aria-label={`关联为重复信访：${c.ownUnit ? c.summary : (c.caseNumber ?? '未编号')}`}
                  >
                    <Typography.Text strong>
                      {c.ownUnit ? c.summary : `其他单位的信访件 ${c.caseNumber ?? ''}`}
                    </Typography.Text>
                  </Checkbox>
                  <Space wrap size="small">
                    {c.ownUnit && c.caseNumber && <Tag>{c.caseNumber}</Tag>}
                    <Tag>相似度 {Math.round(c.similarity * 100)}%</Tag>
                    {c.category && <Tag>{labelOf(CATEGORY_LABELS, c.category)}</Tag>}
                    <Tag color={c.finallyDecided ? 'red' : 'blue'}>{labelOf(STEP_LABELS, c.step)}</Tag>
                    {c.finallyDecided && <Tag color="red">已复核终结：关联后不再受理</Tag>}
                    {c.finalDecision && (
                      <Tag color="red">
                        复核意见：{labelOf(DECISION_LABELS, c.finalDecision.decision)}
                        {c.finalDecision.documentNumber ? `（${c.finalDecision.documentNumber}）` : ''}
                      </Tag>
                    )}
                    {c.levelSkipping && <Tag color="orange">越级：下级尚在办理</Tag>}
                    {c.registeredAt && (
                      <Typography.Text type="secondary">登记于 {formatInstant(c.registeredAt)}</Typography.Text>
                    )}
                    {c.ownUnit && (
                      <Link to={`/cases/${c.petitionId}`} target="_blank">
                        查看
                      </Link>
                    )}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        </Checkbox.Group>
      }
    />
  );
}
