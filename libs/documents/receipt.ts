/**
 * 信访事项登记回执: handed to the petitioner at registration. It names the case as people say it
 * (信访件编号), gives the 查询码, the date received and the office, and says what happens next and
 * by when: within the acceptance-notice period of the case's policy (15 days from receipt under
 * the 2022 条例, Art 22) the office tells the petitioner in writing whether it is accepted, or to
 * which body it was passed on. A QR code (pdfmake draws it itself; no package needed) opens the
 * petitioner's page with the number filled in; the address is printed beside it too.
 */
import type { Content } from 'pdfmake/interfaces';
import { shanghaiDateOf } from '../process/calendar';
import { chineseDate } from './notices';

export interface ReceiptParticulars {
  caseNumber: string;
  queryCode: string;
  petitionerName: string;
  officeName: string;
  receivedAt: number;
  registeredAt: number;
  /** The last day of the acceptance notice (YYYY-MM-DD). */
  acceptanceLastDay: string;
  acceptanceDays: number;
  /** The petitioner's page for this case (without the 查询码). */
  petitionerUrl: string;
}

export const RECEIPT_TITLE = '信访事项登记回执';

const row = (label: string, value: string): Content[] => [{ text: label, bold: true }, { text: value }];

export function receiptDocument(p: ReceiptParticulars): { title: string; content: Content } {
  const content: Content = [
    { text: p.officeName, alignment: 'center', fontSize: 22, bold: true, margin: [0, 0, 0, 8] },
    { text: RECEIPT_TITLE, alignment: 'center', fontSize: 22, bold: true, margin: [0, 0, 0, 24] },
    { text: `${p.petitionerName}：`, margin: [0, 0, 0, 6] },
    {
      text: `你（们）的信访事项已由本机关登记。请妥善保管本回执，凭信访件编号和查询码查询办理进度。`,
      leadingIndent: 28,
      margin: [0, 0, 0, 12],
    },
    {
      table: {
        widths: [110, '*'],
        body: [
          row('信访件编号', p.caseNumber),
          row('查询码', p.queryCode),
          row('收到日期', chineseDate(shanghaiDateOf(p.receivedAt))),
          row('登记日期', chineseDate(shanghaiDateOf(p.registeredAt))),
          row('登记机关', p.officeName),
        ],
      },
      margin: [0, 0, 0, 12],
    },
    { text: '后续办理', bold: true, margin: [0, 0, 0, 4] },
    {
      text: `根据《信访工作条例》的规定，本机关将自收到之日起${p.acceptanceDays}日内，即于${chineseDate(p.acceptanceLastDay)}前，书面告知你（们）是否受理，或者已转送、交办的有权处理机关。`,
      leadingIndent: 28,
      margin: [0, 0, 0, 12],
    },
    {
      columns: [
        { qr: p.petitionerUrl, fit: 110, width: 120 },
        {
          stack: [
            { text: '扫码查询办理进度（需输入查询码）：', fontSize: 11 },
            { text: p.petitionerUrl, fontSize: 9 },
          ],
          width: '*',
        },
      ],
      columnGap: 12,
    },
    { text: p.officeName, alignment: 'right', margin: [0, 24, 0, 0] },
    { text: chineseDate(shanghaiDateOf(p.registeredAt)), alignment: 'right' },
  ];
  return { title: RECEIPT_TITLE, content };
}
