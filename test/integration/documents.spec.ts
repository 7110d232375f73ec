/**
 * The document library on the real database: 文号 are numbered per unit and year without gaps from
 * retries or duplicates from concurrent workers, a document is stored once per key and never
 * changed, and rendering is deterministic with text that can be extracted.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  UnprintableTextError,
  bulletinDocument,
  describeCodePoint,
  faceFor,
  findDocumentByKey,
  findUnprintableField,
  formatDocumentNumber,
  issueDocument,
  noticeDocument,
  renderPdf,
  reserveDocumentNumber,
  storeDocument,
} from '../../libs/documents';
import { CAMPAIGN_POLICY_V1 } from '../../libs/process/campaign-policy';
import type { NoticeDetails } from '../../libs/process';
import type { NoticeParticulars } from '../../libs/documents';
import { openDataSource } from '../support/harness';
import { pdfText, pdfWords } from '../support/pdf-text';

describe('documents: numbering (文号), storage and rendering', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  // A year no other test issues documents in, so the serials start at 1.
  const year = 2091;

  it('each key keeps the number it was given; concurrent reservations of one key take one number, of different keys consecutive ones', async () => {
    const key = `test:${randomUUID()}`;
    const same = await Promise.all(
      Array.from({ length: 6 }, () => reserveDocumentNumber(dataSource.manager, key, 'c-zjj', year)),
    );
    expect(new Set(same.map((n) => n.number))).toEqual(new Set([same[0].number]));
    const others = await Promise.all(
      Array.from({ length: 5 }, () => reserveDocumentNumber(dataSource.manager, `test:${randomUUID()}`, 'c-zjj', year)),
    );
    const serials = [same[0].serial, ...others.map((n) => n.serial)].sort((a, b) => a - b);
    expect(serials).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await reserveDocumentNumber(dataSource.manager, key, 'c-zjj', year)).toEqual(same[0]);
    // 文号 read as people write them: the unit's 机关代字, never its machine id.
    expect(same[0].number).toBe(formatDocumentNumber('示市住建信', year, same[0].serial));
    expect(same[0].number).toBe(`示市住建信〔${year}〕${same[0].serial}号`);
    expect(formatDocumentNumber('示住建信', 2026, 4)).toBe('示住建信〔2026〕4号');
    // another unit, or another year, counts from 1
    expect((await reserveDocumentNumber(dataSource.manager, `test:${randomUUID()}`, 'p-zjj', year)).serial).toBe(1);
  });

  it('renders the same document to the same bytes, with its Chinese text extractable', async () => {
    const issuedAt = Date.parse('2091-03-01T10:00:00+08:00');
    const content = [{ text: '信访事项受理告知书', bold: true }, '本机关将于2091年4月30日前办结。'];
    const first = await renderPdf(content, { title: '受理告知书', author: '示范县住房和城乡建设局', issuedAt });
    const second = await renderPdf(content, { title: '受理告知书', author: '示范县住房和城乡建设局', issuedAt });
    expect(second.sha256).toBe(first.sha256);
    expect(first.bytes.equals(second.bytes)).toBe(true);
    expect(pdfWords(first.bytes)).toBe('信访事项受理告知书本机关将于2091年4月30日前办结。');
  });

  it('a name with CJK Extension B characters (生僻字) is printed in the fallback face, not dropped', async () => {
    // 𠀀 U+20000 and 𪚥 U+2A6A5 are in CJK Extension B, which Noto Serif CJK does not cover.
    expect(faceFor(0x20000)).toMatch(/^HanaMin[AB]$/);
    expect(faceFor(0x2a6a5)).toMatch(/^HanaMin[AB]$/);
    expect(faceFor('张'.codePointAt(0)!)).toBe('main');
    const content = [
      { text: '𠀀𪚥张：', bold: true },
      { text: ['经查，', { text: '王𪚥', bold: true }, '反映的问题属实。'] },
      { table: { body: [['申请人', '李𠀀']] } },
    ];
    const pdf = await renderPdf(content, {
      title: '受理告知书',
      author: '示范县信访局',
      issuedAt: Date.parse('2091-03-01T10:00:00+08:00'),
    });
    const words = pdfWords(pdf.bytes);
    expect(words).toContain('𠀀𪚥张：');
    expect(words).toContain('经查，王𪚥反映的问题属实。');
    expect(words).toContain('申请人李𠀀');
  });

  it('a character no font can print (an emoji, an unassigned code point) stops the render, naming it', async () => {
    const issuedAt = Date.parse('2091-03-01T10:00:00+08:00');
    await expect(renderPdf(['张三😀'], { title: '受理告知书', author: '示范县信访局', issuedAt })).rejects.toThrow(
      new UnprintableTextError(0x1f600),
    );
    await expect(
      renderPdf([{ text: ['李四', '\u{E0FFF}'] }], { title: '受理告知书', author: '示范县信访局', issuedAt }),
    ).rejects.toThrow(/U\+E0FFF/);
    // Right-to-left scripts are not in the documents' fonts either.
    await expect(renderPdf(['سلام'], { title: '受理告知书', author: '示范县信访局', issuedAt })).rejects.toThrow(
      /U\+0633/,
    );
    expect(findUnprintableField({ args: { reasons: ['已查明', '满意👍'] } })).toEqual({
      field: 'args.reasons[1]',
      codePoint: 0x1f44d,
    });
    expect(describeCodePoint(0x1f600)).toBe('U+1F600 (😀)');
  });

  it('a bulletin (通报) lays out the campaign, its instant, a row per unit and leader, and names the units praised and called in (约谈)', async () => {
    const asOf = Date.parse('2091-03-26T09:00:00+08:00');
    const line = (
      subjectId: string,
      subjectName: string,
      inScope: number,
      resolved: number,
      verdict: string | null,
    ) => ({
      subjectId,
      subjectName,
      inScope,
      resolved,
      struckOff: resolved > 1 ? 1 : 0,
      rate: Math.round((resolved / inScope) * 10_000) / 10_000,
      overdueSteps: inScope - resolved,
      daysToTarget: 68,
      verdict,
    });
    const rules = CAMPAIGN_POLICY_V1.bulletin;
    const particulars = {
      campaignName: '示范市信访积案化解',
      planRef: '市联席办〔2091〕3号',
      officeName: '示范市信访局',
      bulletinNo: 4,
      kind: 'scheduled',
      asOf,
      targetDate: '2091-06-02',
      elapsedShare: 0.2667,
      expectedRate: 0.2667,
      daysToTarget: 68,
      totals: line('total', '', 9, 4, null),
      units: [
        line('y-zjj', '示范乙县住房和城乡建设局', 4, 4, 'praise'),
        line('z-zjj', '示范丙县住房和城乡建设局', 5, 0, 'laggard'),
      ],
      leaders: [line('c-leader', '市包案领导', 2, 1, null)],
      praised: ['y-zjj'],
      laggards: ['z-zjj'],
      laggardRule: {
        fromElapsedShare: rules.laggardFromElapsedShare,
        belowShareOfExpected: rules.laggardBelowShareOfExpected,
      },
      complete: true,
    };
    const { title, content } = bulletinDocument(particulars);
    expect(title).toBe('示范市信访积案化解专项攻坚工作通报（第4期）');
    const pdf = await renderPdf(content, { title, author: particulars.officeName, issuedAt: asOf });
    const words = pdfWords(pdf.bytes);
    expect(words).toContain(`${title}示范市信访局2091年3月26日09:00（北京时间）`);
    expect(words).toContain('纳入攻坚的案件9件，已化解4件，其中已销号1件，化解率44.4%；攻坚时间已过26.7%');
    const rows = pdfText(pdf.bytes)
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    expect(rows).toContainEqual(['示范乙县住房和城乡建设局', '4', '4', '1', '100.0%', '0', '68天', '表扬']);
    expect(rows).toContainEqual(['示范丙县住房和城乡建设局', '5', '0', '0', '0.0%', '5', '68天', '约谈']);
    expect(rows).toContainEqual(['合计', '9', '4', '1', '44.4%', '5', '68天', '—']);
    expect(rows).toContainEqual(['市包案领导', '2', '1', '0', '50.0%', '1', '68天']);
    expect(words).toContain('予以表扬（化解率不低于按期应达化解率）：示范乙县住房和城乡建设局。');
    expect(words).toContain('建议约谈（攻坚时间过25%后，化解率低于按期应达化解率的50%）：示范丙县住房和城乡建设局。');
    expect(words).not.toContain('按查阅人权限');
    // A reader who sees only some lines is told so.
    const partial = bulletinDocument({
      ...particulars,
      units: particulars.units.slice(0, 1),
      leaders: [],
      praised: ['y-zjj'],
      laggards: [],
      complete: false,
    });
    const partialWords = pdfWords(
      (await renderPdf(partial.content, { title, author: particulars.officeName, issuedAt: asOf })).bytes,
    );
    expect(partialWords).not.toContain('示范丙县');
    expect(partialWords).toContain('建议约谈（攻坚时间过25%后，化解率低于按期应达化解率的50%）：无。');
    expect(partialWords).toContain('本件按查阅人权限生成');
  });

  it('stores a document once per key; the first stored wins and nothing can change it', async () => {
    const key = `test:${randomUUID()}`;
    const number = await reserveDocumentNumber(dataSource.manager, key, 'x-jw', year);
    const rendered = await renderPdf(['第一次'], { title: 't', author: 'a', issuedAt: Date.now() });
    const base = {
      documentKey: key,
      kind: 'acceptanceNotice',
      audience: 'petitioner' as const,
      petitionId: randomUUID(),
      unitId: 'x-jw',
      year,
      serial: number.serial,
      number: number.number,
      title: 't',
      issuedAt: Date.now(),
    };
    const stored = await storeDocument(dataSource.manager, { ...base, bytes: rendered.bytes, sha256: rendered.sha256 });
    const retry = await renderPdf(['第二次'], { title: 't', author: 'a', issuedAt: Date.now() });
    expect(await storeDocument(dataSource.manager, { ...base, bytes: retry.bytes, sha256: retry.sha256 })).toEqual(
      stored,
    );
    expect(await findDocumentByKey(dataSource.manager, key)).toEqual({
      documentId: stored.documentId,
      sha256: rendered.sha256,
      number: number.number,
    });
    await expect(dataSource.query(`DELETE FROM documents WHERE id = $1`, [stored.documentId])).rejects.toThrow(
      /never changed once issued|permission denied/,
    );
    await expect(
      dataSource.query(`UPDATE documents SET content = 'x' WHERE id = $1`, [stored.documentId]),
    ).rejects.toThrow(/never changed once issued|permission denied/);
  });

  it('issues any document (here an internal bulletin) in one idempotent call: numbered, rendered with its 文号, stored once', async () => {
    const key = `bulletin:${randomUUID()}:1`;
    const bulletin = {
      documentKey: key,
      kind: 'bulletin',
      audience: 'internal' as const,
      petitionId: null,
      unitId: 'c-xfj',
      unitName: '示范市信访局',
      issuedAt: Date.parse('2091-06-01T09:00:00+08:00'),
      title: '积案化解工作通报',
      content: (number: string) => [{ text: '积案化解工作通报', bold: true }, number, '化解率：75%'],
    };
    const first = await issueDocument(dataSource.manager, bulletin);
    const again = await issueDocument(dataSource.manager, { ...bulletin, content: () => ['不同的内容'] });
    expect(again).toEqual(first);
    expect(first.number).toMatch(/^示市访信〔2091〕\d+号$/);
    const [row] = await dataSource.query(`SELECT audience, petition_id, content FROM documents WHERE id = $1`, [
      first.documentId,
    ]);
    expect(row).toMatchObject({ audience: 'internal', petition_id: null });
    expect(pdfWords(row.content)).toBe(`积案化解工作通报${first.number}化解率：75%`);
  });

  describe('each statutory notice says what the statute requires', () => {
    const grounds = { facts: '经核查属实。', reasons: '理由充分。', legalBasis: '《信访工作条例》' };
    const unitNames = {
      'x-zjj': '示范县住房和城乡建设局',
      'c-zjj': '示范市住房和城乡建设局',
      'p-zjj': '示范省住房和城乡建设厅',
    };
    const organCodes: Record<string, string> = { 'x-zjj': '示住建信', 'c-zjj': '示市住建信', 'p-zjj': '示省住建信' };
    async function text(
      unitId: string,
      details: NoticeDetails,
      extra: Partial<NoticeParticulars> = {},
    ): Promise<string> {
      const request = {
        documentKey: 'k',
        petitionId: randomUUID(),
        eventSeq: 1,
        unitId,
        handlingUnitId: 'x-zjj',
        receivedAt: Date.parse('2091-03-01T09:00:00+08:00'),
        issuedAt: Date.parse('2091-03-10T09:00:00+08:00'),
        details,
      };
      const { title, content } = noticeDocument({
        request,
        number: `${organCodes[unitId]}〔2091〕7号`,
        petitionerName: '王五',
        matter: '房屋漏水',
        unitNames,
        ...extra,
      });
      return pdfWords((await renderPdf(content, { title, author: unitId, issuedAt: request.issuedAt })).bytes);
    }

    it.each([
      [
        '受理告知书',
        'x-zjj',
        { kind: 'acceptanceNotice', handlingDays: 60, handlingLastDay: '2091-05-09' },
        [
          '信访事项受理告知书',
          '示住建信〔2091〕7号',
          '王五：',
          '2091年3月1日提出的信访事项（房屋漏水）',
          '依照《信访工作条例》第三十四条的规定',
          '60日内办结，即于2091年5月9日前作出处理',
        ],
      ],
      [
        '受理告知书 with a last day in a year without an official holiday notice',
        'x-zjj',
        { kind: 'acceptanceNotice', handlingDays: 60, handlingLastDay: '2091-05-09', provisional: true },
        ['即于2091年5月9日前（如遇法定节假日顺延）作出处理并书面答复'],
      ],
      [
        '不予受理告知书',
        'x-zjj',
        { kind: 'declineNotice', reason: '已进入诉讼程序' },
        [
          '信访事项不予受理告知书',
          '示住建信〔2091〕7号',
          '决定不予受理',
          '理由：已进入诉讼程序',
          // where to turn
          '可以依照有关法律、行政法规规定的程序向人民法院、仲裁机构或者行政复议机关等有权处理的机关提出',
        ],
      ],
      [
        '延长办理期限告知书',
        'x-zjj',
        { kind: 'extensionNotice', days: 30, reason: '需要鉴定', newLastDay: '2091-06-08' },
        [
          '信访事项延长办理期限告知书',
          '因需要鉴定',
          '依照《信访工作条例》第三十四条的规定',
          '延长30日',
          '延长后的办理期限至2091年6月8日。',
        ],
      ],
      [
        '处理意见书 of a unit with a level above',
        'x-zjj',
        { kind: 'reply', outcome: 'notSupported', grounds, reviewUnitId: 'c-zjj', reviewWindowDays: 30 },
        [
          '信访事项处理意见书',
          '示住建信〔2091〕7号',
          '依照《信访工作条例》第三十二条的规定',
          '处理意见：不予支持你（们）的信访请求',
          '经核查属实',
          '理由充分',
          '依据：《信访工作条例》',
          '依照《信访工作条例》第三十五条的规定，可以自收到本意见书之日起30日内，向示范市住房和城乡建设局请求复查',
        ],
      ],
      [
        '处理意见书 at the top',
        'p-zjj',
        { kind: 'reply', outcome: 'explained', grounds, reviewUnitId: null, reviewWindowDays: 30 },
        ['对你（们）的信访请求予以解释说明', '本处理意见自送达之日起即为最终处理意见'],
      ],
      [
        '复查意见书',
        'c-zjj',
        {
          kind: 'reviewDecision',
          decision: 'upheld',
          grounds,
          requestedAt: Date.parse('2091-04-01T09:00:00+08:00'),
          reReviewUnitId: 'p-zjj',
          reReviewWindowDays: 30,
        },
        [
          '信访事项复查意见书',
          '示范县住房和城乡建设局已作出处理意见',
          '于2091年4月1日请求复查',
          '依照《信访工作条例》第三十五条的规定进行复查',
          '维持原处理意见',
          '依照《信访工作条例》第三十六条的规定，可以自收到本意见书之日起30日内，向示范省住房和城乡建设厅请求复核',
        ],
      ],
      [
        '复查意见书 revoking the reply',
        'c-zjj',
        {
          kind: 'reviewDecision',
          decision: 'revoked',
          grounds,
          requestedAt: Date.parse('2091-04-01T09:00:00+08:00'),
          reReviewUnitId: 'p-zjj',
          reReviewWindowDays: 30,
        },
        ['撤销原处理意见，由原办理机关重新办理', '原办理机关将重新办理'],
      ],
      [
        '复核意见书',
        'p-zjj',
        {
          kind: 'reReviewDecision',
          decision: 'changed',
          grounds,
          requestedAt: Date.parse('2091-05-01T09:00:00+08:00'),
        },
        [
          '信访事项复核意见书',
          '示省住建信〔2091〕7号',
          '于2091年5月1日请求复核',
          '依照《信访工作条例》第三十六条的规定进行复核',
          '变更复查意见',
          '本复核意见为终结意见',
          '仍然以同一事实和理由提出投诉请求的，不再受理',
        ],
      ],
      [
        '复核意见书 upholding the review decision',
        'p-zjj',
        { kind: 'reReviewDecision', decision: 'upheld', grounds, requestedAt: Date.parse('2091-05-01T09:00:00+08:00') },
        ['处理意见：维持复查意见。'],
      ],
      [
        '导入 into litigation',
        'x-zjj',
        { kind: 'redirectNotice', procedure: 'litigation', note: '请携带合同原件' },
        [
          '信访事项导入法定途径告知书',
          '示住建信〔2091〕7号',
          '示范县住房和城乡建设局',
          '2091年3月1日提出的信访事项（房屋漏水）',
          '属于应当通过诉讼解决的事项',
          '依照《信访工作条例》第三十一条的规定，本机关将其导入诉讼程序处理',
          '请你（们）依法向人民法院提起诉讼',
          '说明：请携带合同原件',
          '2091年3月10日',
        ],
      ],
      [
        '导入 into administrative review',
        'x-zjj',
        { kind: 'redirectNotice', procedure: 'administrativeReview', note: null },
        ['导入行政复议程序处理', '依法向行政复议机关申请行政复议'],
      ],
    ] as [string, string, NoticeDetails, string[]][])('%s', async (_name, unitId, details, phrases) => {
      const words = await text(unitId, details);
      for (const phrase of phrases) expect(words).toContain(phrase);
      if (details.kind === 'reviewDecision' && details.decision === 'revoked') expect(words).not.toContain('请求复核');
      if (details.kind === 'reReviewDecision') expect(words).not.toContain('原处理意见');
      if (details.kind === 'reply') expect(words).not.toMatch(/[^予]支持你（们）的信访请求/);
      if (!(details.kind === 'acceptanceNotice' && details.provisional))
        expect(words).not.toContain('如遇法定节假日顺延');
      // Never the 2005 《信访条例》's numbering of these periods, never a machine id as a 文号.
      expect(words).not.toContain('第三十三条');
      expect(words).not.toMatch(/[a-z]-[a-z]+〔/);
    });

    it('不再受理告知书 names the final decision: its organ, 文号 and date', async () => {
      const words = await text(
        'x-zjj',
        { kind: 'notAcceptedAgainNotice', earlierPetitionId: randomUUID() },
        {
          finalDecision: {
            number: '示省住建信〔2091〕3号',
            unitId: 'p-zjj',
            decidedAt: Date.parse('2091-02-01T10:00:00+08:00'),
          },
        },
      );
      for (const phrase of [
        '信访事项不再受理告知书',
        '示住建信〔2091〕7号',
        '王五：',
        '2091年3月1日提出的信访事项（房屋漏水）',
        '与你（们）此前提出的信访事项系同一事实和理由',
        '示范省住房和城乡建设厅已于2091年2月1日作出复核意见（示省住建信〔2091〕3号）',
        '依照《信访工作条例》第三十六条的规定',
        '不再受理',
        '示范县住房和城乡建设局2091年3月10日',
      ])
        expect(words).toContain(phrase);
    });

    it('不再受理告知书 of a matter re-reviewed before written notices says it was re-reviewed', async () => {
      const words = await text(
        'x-zjj',
        { kind: 'notAcceptedAgainNotice', earlierPetitionId: randomUUID() },
        { finalDecision: null },
      );
      expect(words).toContain('系同一事实和理由。该信访事项已经复核终结。');
    });
  });
});
