/**
 * Demo cases for a first `npm start`: a handful of petitions at different steps, started through
 * the API exactly as staff and a petitioner would (HTTP, the demo users' sign-ins), so the console
 * has something to show. Safe to run on every start:
 *  - each case registers with a fixed Idempotency-Key; a case already there is found by its
 *    summary (x-registrar's search) and registered again with the very same body, which answers
 *    the same petition and 查询码 and registers nothing new;
 *  - each step has a fixed requestId: a step already applied is answered with the case as it is
 *    and changes nothing, so a start interrupted half way finishes the case the next time.
 *
 * How time is faked: only the routing clock counts from the receipt (receivedAt, Art 21); the
 * handling, review and 督办 clocks start when their action is taken. So the overdue case is a
 * petition received 20 days ago (routing due in 15: overdue at registration, its breach rung fires
 * and opens 督办 at once, and the late registration goes on the ledger), and the near-due case is
 * a 交办 with a one-day report-back deadline (its 交办报告期限 is in its last days while handling
 * at 县住建局 has just begun).
 */
import { formatInstant } from '@/libs/process/wire-time';
import { demoPassword } from '@/libs/persistence/demo-seed';

const DAY = 86_400_000;

export interface DemoCase {
  key: string;
  title: string;
  petitionId: string;
  /** 信访件编号: how the banner, the log and a person name the case (the UUID stays internal). */
  caseNumber: string;
  queryCode: string;
  step: string;
  /** false when an earlier start had registered it. */
  created: boolean;
}

interface CaseView {
  step: string;
  awaitingDelivery?: { documentId: string } | null;
  draft?: { draftNo: number } | null;
  documents?: { kind: string; documentId: string; issuedAt: string }[];
}

interface Step {
  user: string;
  action: string;
  args(last: CaseView | null): Record<string, unknown>;
}

interface DemoCaseSpec {
  key: string;
  title: string;
  summary: string;
  petitionerName: string;
  receivedDaysAgo: number;
  steps: Step[];
  /** 满意度评价 by the petitioner, through the public endpoint with the 查询码. */
  rating?: 'satisfied' | 'basicallySatisfied' | 'dissatisfied';
}

const REPLY = {
  outcome: 'explained',
  facts: '经现场检测，室内温度为16℃，低于18℃的供热标准',
  reasons: '已责成供热企业于7日内完成管网调试并跟踪复测',
  legalBasis: '《城市供热管理条例》第十二条',
};

export const DEMO_CASES: DemoCaseSpec[] = [
  {
    key: 'registered',
    title: '待转送，转送期限临近（已预警）',
    summary: '【演示】小区路灯长期不亮，夜间出行不便',
    petitionerName: '周某',
    // Received 12 days ago: 3 days of its 15 left to route, so the registrar's queue shows it near due
    // (the 70% warning has fired).
    receivedDaysAgo: 12,
    steps: [],
  },
  {
    key: 'near-due',
    title: '县住建局办理中，交办报告临期',
    summary: '【演示】老旧小区加装电梯补贴迟迟未发放',
    petitionerName: '王某',
    receivedDaysAgo: 1,
    steps: [
      { user: 'x-registrar', action: 'assign', args: () => ({ unitId: 'x-zjj', reportBackDays: 1 }) },
      { user: 'x-handler', action: 'accept', args: () => ({}) },
      // 督办 needs a handling unit (the overdue case below is still at the petition office), so the supervisor urges this one.
      {
        user: 'x-supervisor',
        action: 'issueSupervision',
        args: () => ({ instructions: '交办报告期限临近，请于期限内报告办理进展' }),
      },
    ],
  },
  {
    key: 'overdue',
    title: '转送超期，已督办',
    summary: '【演示】物业维修基金使用情况不公开',
    petitionerName: '赵某',
    // Routing is due 15 days after receipt: overdue at registration, so its breach opens 督办 at once.
    receivedDaysAgo: 20,
    steps: [],
  },
  {
    key: 'rated',
    title: '已答复送达，信访人评价满意',
    summary: '【演示】冬季供暖温度不达标',
    petitionerName: '李某',
    receivedDaysAgo: 2,
    steps: [
      { user: 'x-registrar', action: 'route', args: () => ({ unitId: 'x-zjj' }) },
      { user: 'x-handler', action: 'accept', args: () => ({}) },
      // Drafted by the handler, approved (签发) by the head: the 文号 is taken then.
      { user: 'x-handler', action: 'issueReply', args: () => REPLY },
      { user: 'x-head', action: 'approveDraft', args: (last) => ({ draftNo: last?.draft?.draftNo ?? 1 }) },
      {
        user: 'x-handler',
        action: 'recordDelivery',
        // Delivered when issued, named by the reply's own instant: a later start sends the very same
        // request again (a different deliveredAt under the same requestId would be refused as a conflict).
        args: (last) => {
          const reply = last?.documents?.find((d) => d.kind === 'reply');
          return reply
            ? { deliveredAt: reply.issuedAt, documentId: reply.documentId, method: 'direct', signedBy: 'petitioner' }
            : { deliveredAt: formatInstant(Date.now()), method: 'direct', signedBy: 'petitioner' };
        },
      },
    ],
    // Rated in its 30-day review window; the case closes (办结) on its own when that window lapses.
    rating: 'satisfied',
  },
];

export interface DemoCaseOptions {
  /** The Authorization header value for a demo user; default: sign in with the published demo password. */
  bearer?: (userId: string) => Promise<string>;
  log?: (message: string) => void;
}

/** Starts (or finds) the demo cases against a running API; returns each case's number and 查询码. */
export async function startDemoCases(apiUrl: string, options: DemoCaseOptions = {}): Promise<DemoCase[]> {
  const client = new DemoClient(apiUrl, options.bearer);
  const results: DemoCase[] = [];
  for (const spec of DEMO_CASES) {
    const registered = await register(client, spec);
    let last: CaseView | null = null;
    for (const step of spec.steps) {
      last = await client.json<CaseView>(
        'POST',
        `/petitions/${registered.petitionId}/actions/${step.action}`,
        step.user,
        {
          requestId: `demo-case:${spec.key}:${step.action}`,
          args: step.args(last),
        },
      );
    }
    const code = { 'X-Query-Code': registered.queryCode };
    if (spec.rating) {
      await client.json(
        'POST',
        `/public/petitions/${registered.petitionId}/rating`,
        null,
        { requestId: `demo-case:${spec.key}:rate`, rating: spec.rating },
        code,
      );
    }
    const shown = await client.json<{ step: string }>(
      'GET',
      `/public/petitions/${registered.petitionId}`,
      null,
      undefined,
      code,
    );
    results.push({
      key: spec.key,
      title: spec.title,
      petitionId: registered.petitionId,
      caseNumber: registered.caseNumber,
      queryCode: registered.queryCode,
      step: shown.step,
      created: registered.created,
    });
    options.log?.(
      `demo case ${spec.title}: ${registered.created ? 'started' : 'already there'} (${registered.caseNumber}, step ${shown.step})`,
    );
  }
  return results;
}

async function register(
  client: DemoClient,
  spec: DemoCaseSpec,
): Promise<{ petitionId: string; caseNumber: string; queryCode: string; created: boolean }> {
  const body = (receivedAt: string) => ({
    category: 'appeal',
    channel: 'visit',
    receivedAt,
    petitionerName: spec.petitionerName,
    summary: spec.summary,
  });
  const send = (receivedAt: string) =>
    client.request('POST', '/petitions', 'x-registrar', body(receivedAt), {
      'Idempotency-Key': `demo-case:${spec.key}`,
    });
  // The same body again answers the same petition: an earlier start's receipt instant is read back from the case list.
  const earlier = await findReceivedAt(client, spec.summary);
  // Whole minutes in the wire's own form (+08:00), so the list gives back exactly what was sent.
  let response = await send(
    earlier ?? formatInstant(Math.floor((Date.now() - spec.receivedDaysAgo * DAY) / 60_000) * 60_000),
  );
  if (response.status === 409 && !earlier) {
    // Registered by a start that stopped before the read model had it: wait for the list to show it.
    for (let i = 0; i < 60 && response.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const receivedAt = await findReceivedAt(client, spec.summary);
      if (receivedAt) response = await send(receivedAt);
    }
  }
  const registered = (await DemoClient.body(response, 'POST /petitions')) as {
    petitionId: string;
    caseNumber: string;
    queryCode: string;
    created: boolean;
  };
  return registered;
}

async function findReceivedAt(client: DemoClient, summary: string): Promise<string | null> {
  const page = await client.json<{ items: { summary: string | null; receivedAt: string }[] }>(
    'GET',
    `/petitions?${new URLSearchParams({ q: summary, limit: '10' })}`,
    'x-registrar',
  );
  return page.items.find((item) => item.summary === summary)?.receivedAt ?? null;
}

/** fetch with the demo users' bearer tokens and the API's error body in the thrown message. */
class DemoClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly apiUrl: string,
    private readonly bearer?: (userId: string) => Promise<string>,
  ) {}

  private authorization(userId: string): Promise<string> {
    let token = this.tokens.get(userId);
    if (!token) {
      token = this.bearer ? this.bearer(userId) : this.signIn(userId);
      this.tokens.set(userId, token);
    }
    return token;
  }

  private async signIn(userId: string): Promise<string> {
    const response = await fetch(`${this.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId, password: demoPassword(userId) }),
    });
    const { accessToken } = (await DemoClient.body(response, `sign-in of ${userId}`)) as { accessToken: string };
    return `Bearer ${accessToken}`;
  }

  async request(
    method: string,
    path: string,
    userId: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    if (userId) all.Authorization = await this.authorization(userId);
    return fetch(`${this.apiUrl}${path}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T = unknown>(
    method: string,
    path: string,
    userId: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    return (await DemoClient.body(
      await this.request(method, path, userId, body, headers),
      `${method} ${path.split('?')[0]}`,
    )) as T;
  }

  static async body(response: Response, what: string): Promise<unknown> {
    const text = await response.text();
    if (!response.ok) throw new Error(`demo cases: ${what} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
}

/** The main demo sign-ins for the banner (every demo user is listed below it too). */
const MAIN_SIGN_INS: [userId: string, role: string][] = [
  ['x-registrar', '登记员 · 县信访局'],
  ['x-handler', '承办人 · 县住建局'],
  ['x-head', '单位负责人 · 县住建局'],
  ['x-supervisor', '督查督办 · 县信访局'],
  ['c-supervisor', '督查督办 · 市信访局（督办县信访局自身的超期）'],
  ['p-auditor', '审计 · 省信访局'],
  ['admin', '系统管理员'],
];

/** The banner's lines: where the console and the petitioner's page are, who to sign in as, and the demo petitioner's 查询码. */
export function consoleBannerLines(apiUrl: string, cases: DemoCase[] | null): string[] {
  const petitioner = cases?.find((c) => c.key === 'rated');
  const lines = [
    `Console       ${apiUrl}/console/`,
    `Petitioner    ${apiUrl}/console/petitioner${petitioner ? `?id=${encodeURIComponent(petitioner.caseNumber)}` : ''}  (阳光信访: number + 查询码, no sign-in)`,
    'Sign in as    (user id / password)',
    ...MAIN_SIGN_INS.map(([id, role]) => `  ${id.padEnd(13)} ${demoPassword(id).padEnd(18)} ${role}`),
  ];
  if (cases?.length) {
    lines.push("Demo cases    (number, 查询码 for the petitioner's page, step)");
    for (const c of cases) lines.push(`  ${c.caseNumber}  ${c.queryCode}  ${c.title}`);
  }
  return lines;
}
