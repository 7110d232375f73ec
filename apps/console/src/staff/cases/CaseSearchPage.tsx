/**
 * 案件查询: the cases the signed-in user's unit is part of (`GET /petitions`), filtered by 信访件编号,
 * the petitioner's name (its beginning) or phone, summary text, step, category and due state, newest
 * or soonest due first, one page at a time ("加载更多"). The name and the phone are the petitioner's
 * personal data: they stay in the page's memory, never in the address (history, bookmarks).
 */
import { caseTitle } from '../../shared/case-title';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { CATEGORY_LABELS, CLOCK_LABELS, STEP_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { ErrorAlert } from '../common/ErrorAlert';
import { useUnitNames } from '../common/UnitPicker';

type CaseItem = Schemas['CaseListItem'];
interface Person {
  petitionerName?: string;
  petitionerPhone?: string;
}
interface Filters {
  caseNumber?: string;
  q?: string;
  step?: string[];
  category?: CaseItem['category'];
  overdue?: boolean;
  dueWithinDays?: number;
  sort?: 'registered' | 'due';
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The filters live in the address (`/cases?q=电梯&overdue=true`), so a search can be linked, reloaded and gone back to. */
function filtersOf(params: URLSearchParams): Filters {
  const days = params.get('dueWithinDays');
  return {
    caseNumber: params.get('caseNumber') ?? undefined,
    q: params.get('q') ?? undefined,
    step: params.get('step')?.split(',').filter(Boolean),
    category: (params.get('category') as Filters['category']) ?? undefined,
    overdue: params.get('overdue') === 'true' || undefined,
    dueWithinDays: days !== null && days !== '' ? Number(days) : undefined,
    sort: params.get('sort') === 'due' ? 'due' : 'registered',
  };
}

function paramsOf(filters: Filters): Record<string, string> {
  const entries = Object.entries({
    ...filters,
    step: filters.step?.join(','),
    q: filters.q?.trim(),
    caseNumber: filters.caseNumber?.trim(),
  });
  return Object.fromEntries(
    entries.filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false).map(([k, v]) => [k, String(v)]),
  );
}

function queryOf(filters: Filters, person: Person, cursor: string | null) {
  return {
    caseNumber: filters.caseNumber?.trim() || undefined,
    petitionerName: person.petitionerName?.trim() || undefined,
    petitionerPhone: person.petitionerPhone?.trim() || undefined,
    q: filters.q?.trim() || undefined,
    step: filters.step?.length ? filters.step.join(',') : undefined,
    category: filters.category,
    overdue: filters.overdue || undefined,
    dueWithinDays: filters.dueWithinDays ?? undefined,
    sort: filters.sort,
    cursor: cursor ?? undefined,
  };
}

export default function CaseSearchPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [person, setPerson] = useState<Person>({});
  const unitName = useUnitNames();
  const search = useInfiniteQuery({
    queryKey: ['cases', paramsOf(filters), person],
    queryFn: ({ pageParam }) => call(api.GET('/petitions', { params: { query: queryOf(filters, person, pageParam) } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = search.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card title="案件查询">
      <Form<Filters>
        key={params.toString()}
        layout="inline"
        initialValues={{ ...filters, ...person }}
        onFinish={({ petitionerName, petitionerPhone, ...values }: Filters & Person) => {
          setPerson({
            petitionerName: petitionerName?.trim() || undefined,
            petitionerPhone: petitionerPhone?.trim() || undefined,
          });
          setParams(paramsOf(values));
        }}
        style={{ marginBottom: 16, rowGap: 8 }}
        name="case-search"
      >
        <Form.Item label="信访件编号" name="caseNumber">
          <Input allowClear style={{ width: 220 }} placeholder="如 示县信〔2026〕第00123号" />
        </Form.Item>
        <Form.Item label="信访人姓名" name="petitionerName">
          <Input allowClear style={{ width: 140 }} placeholder="姓名或姓" />
        </Form.Item>
        <Form.Item label="联系电话" name="petitionerPhone">
          <Input allowClear style={{ width: 160 }} placeholder="完整号码" />
        </Form.Item>
        <Form.Item label="摘要关键词" name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="环节" name="step">
          <Select mode="multiple" allowClear style={{ minWidth: 180 }} options={options(STEP_LABELS)} />
        </Form.Item>
        <Form.Item label="类别" name="category">
          <Select allowClear style={{ width: 120 }} options={options(CATEGORY_LABELS)} />
        </Form.Item>
        <Form.Item label="已超期" name="overdue" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label="几日内到期" name="dueWithinDays">
          <InputNumber min={0} max={365} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item label="排序" name="sort">
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'registered', label: '最新登记' },
              { value: 'due', label: '最先到期' },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      <ErrorAlert error={search.error} />
      <Table<CaseItem>
        rowKey="petitionId"
        dataSource={items}
        loading={search.isLoading}
        pagination={false}
        locale={{ emptyText: '没有符合条件的信访事项' }}
        columns={[
          {
            title: '信访事项',
            key: 'summary',
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Link to={`/cases/${c.petitionId}`}>{caseTitle(c)}</Link>
                {c.caseNumber && <span data-testid="case-number-cell">{c.caseNumber}</span>}
                <Space size={4}>
                  <Tag>{labelOf(CATEGORY_LABELS, c.category)}</Tag>
                  {c.urgent && <Tag color="red">重大紧急</Tag>}
                  {c.listedForSupervision && <Tag color="volcano">挂牌督办</Tag>}
                  {c.repeatOf.length > 0 && <Tag color="gold">重复信访</Tag>}
                </Space>
              </Space>
            ),
          },
          { title: '环节', key: 'step', render: (_, c) => labelOf(STEP_LABELS, c.step) },
          { title: '承办单位', key: 'unit', render: (_, c) => c.handlingUnitName ?? unitName(c.handlingUnitId) },
          { title: '登记时间', key: 'registeredAt', render: (_, c) => formatInstant(c.registeredAt) },
          {
            title: '最近期限',
            key: 'nextDue',
            render: (_, c) =>
              c.nextDue ? (
                <Space direction="vertical" size={0}>
                  <span>{labelOf(CLOCK_LABELS, c.nextDue.clockId)}</span>
                  <DueTag deadline={c.nextDue} />
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {search.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => search.fetchNextPage()} loading={search.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
