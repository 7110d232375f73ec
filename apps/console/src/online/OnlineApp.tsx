/**
 * 网上信访: a petition submitted from a phone. The petitioner picks the area's petition office (as
 * on the provincial platforms, the 信访局 of the area receives it), says who they are, what they
 * ask and why, attaches a few photos or PDFs, agrees to the privacy notice and passes the
 * proof-of-work check. The answer is immediate: a submission number and a 查询码, with which the
 * petitioner page follows it (已收到，待登记, then the case, or the reason it is not one).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from 'antd-mobile';
import { CATEGORY_LABELS } from '../shared/labels';
import { ErrorText } from '../petitioner/ErrorText';
import { newRequestId } from '../petitioner/request-id';
import { AltchaField } from './AltchaField';
import { loadForm, submit, type OnlineForm, type Receipt, type Submission } from './online-api';

type Fields = Omit<Submission, 'consent' | 'altcha' | 'category'> & { category: Submission['category'] | '' };
const EMPTY: Fields = {
  officeUnitId: '',
  petitionerName: '',
  idNumber: '',
  phone: '',
  address: '',
  category: '',
  request: '',
  facts: '',
  milestoneEmail: '',
};

function ReceiptCard({ receipt }: { receipt: Receipt }) {
  return (
    <section className="pt-card ol-receipt" data-testid="online-receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">提交成功</h2>
      <p>
        您的信访事项已于 {receipt.submittedAt.slice(0, 16).replace('T', ' ')} 提交至{receipt.officeName}。
      </p>
      <dl className="pt-pairs">
        <dt>提交编号</dt>
        <dd data-testid="submission-number">{receipt.submissionNumber}</dd>
        <dt>查询码</dt>
        <dd data-testid="query-code">{receipt.queryCode}</dd>
      </dl>
      <p className="ol-hint">
        请记下提交编号和查询码：凭它们可查询登记和办理情况。登记后，信访件编号与同一查询码一并有效。
      </p>
      <a href={`/console/petitioner?id=${encodeURIComponent(receipt.submissionNumber)}`}>查询办理进度</a>
    </section>
  );
}

export function OnlineApp() {
  const [form, setForm] = useState<OnlineForm | null>(null);
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [consent, setConsent] = useState(false);
  // 进展通知: asked for by e-mail, only when ticked (the mail names only the case number and the milestone)
  const [notify, setNotify] = useState(false);
  const [altcha, setAltcha] = useState<string | null>(null);
  const [altchaRound, setAltchaRound] = useState(0);
  const [key, setKey] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  useEffect(() => {
    loadForm().then(setForm, setError);
  }, []);
  const set = (name: keyof Fields) => (event: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: event.target.value }));

  const ready =
    fields.officeUnitId &&
    fields.petitionerName.trim() &&
    (fields.idNumber?.trim() || fields.phone?.trim()) &&
    fields.address.trim() &&
    fields.category &&
    fields.request.trim() &&
    fields.facts.trim() &&
    consent &&
    (!notify || fields.milestoneEmail?.trim()) &&
    altcha;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy || !altcha || !fields.category) return;
    setBusy(true);
    setError(null);
    try {
      const body: Submission = { ...fields, category: fields.category, consent, altcha };
      if (!body.idNumber) delete body.idNumber;
      if (!body.phone) delete body.phone;
      if (!notify || !body.milestoneEmail?.trim()) delete body.milestoneEmail;
      setReceipt(await submit(body, files, key));
    } catch (e) {
      setError(e);
      // A refused submission used its challenge: solve a new one, and send under a new key.
      setAltcha(null);
      setAltchaRound((n) => n + 1);
      setKey(newRequestId());
    } finally {
      setBusy(false);
    }
  };

  const pickFiles = (list: FileList | null) => {
    const picked = [...(list ?? [])];
    setFiles((current) => [...current, ...picked].slice(0, form?.maxFiles ?? 5));
  };

  return (
    <main className="pt-page">
      <header className="pt-header">
        <h1>网上信访</h1>
        <p>提出建议意见、检举控告、申诉求决</p>
      </header>
      {receipt ? (
        <ReceiptCard receipt={receipt} />
      ) : (
        <form className="pt-card ol-form" onSubmit={send} aria-label="提交信访事项">
          <div className="pt-field">
            <label htmlFor="ol-office" className="ol-required">
              受理单位（事项发生地）
            </label>
            <select id="ol-office" value={fields.officeUnitId} onChange={set('officeUnitId')}>
              <option value="">请选择</option>
              {form?.offices.map((o) => (
                <option key={o.unitId} value={o.unitId}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="pt-choices">
            <legend className="ol-required">信访类别</legend>
            {(['suggestion', 'accusation', 'appeal'] as const).map((c) => (
              <label key={c} className={`pt-choice${fields.category === c ? ' pt-chosen' : ''}`}>
                <input
                  type="radio"
                  name="category"
                  value={c}
                  checked={fields.category === c}
                  onChange={() => setFields((f) => ({ ...f, category: c }))}
                />
                {CATEGORY_LABELS[c]}
              </label>
            ))}
          </fieldset>
          <div className="pt-field">
            <label htmlFor="ol-name" className="ol-required">
              姓名
            </label>
            <input
              id="ol-name"
              type="text"
              autoComplete="name"
              value={fields.petitionerName}
              onChange={set('petitionerName')}
            />
          </div>
          <div className="pt-field">
            <label htmlFor="ol-id-number">身份证号码</label>
            <input
              id="ol-id-number"
              type="text"
              inputMode="text"
              autoComplete="off"
              value={fields.idNumber}
              onChange={set('idNumber')}
            />
          </div>
          <div className="pt-field">
            <label htmlFor="ol-phone">联系电话</label>
            <input id="ol-phone" type="tel" autoComplete="tel" value={fields.phone} onChange={set('phone')} />
            <p className="ol-hint">身份证号码和联系电话至少填写一项。</p>
          </div>
          <div className="pt-field">
            <label htmlFor="ol-address" className="ol-required">
              住址
            </label>
            <input
              id="ol-address"
              type="text"
              autoComplete="street-address"
              value={fields.address}
              onChange={set('address')}
            />
          </div>
          <div className="pt-field">
            <label htmlFor="ol-request" className="ol-required">
              信访请求
            </label>
            <textarea id="ol-request" maxLength={2000} value={fields.request} onChange={set('request')} />
          </div>
          <div className="pt-field">
            <label htmlFor="ol-facts" className="ol-required">
              事实和理由
            </label>
            <textarea id="ol-facts" maxLength={5000} value={fields.facts} onChange={set('facts')} />
          </div>
          <div className="pt-field">
            <label htmlFor="ol-files">相关材料（照片或 PDF，最多 {form?.maxFiles ?? 5} 个）</label>
            <input
              id="ol-files"
              type="file"
              multiple
              accept={(form?.acceptedTypes ?? ['image/*', 'application/pdf']).join(',')}
              onChange={(e) => {
                pickFiles(e.target.files);
                e.target.value = '';
              }}
            />
            {files.length > 0 ? (
              <ul className="ol-files" aria-label="已选材料">
                {files.map((f, i) => (
                  <li key={`${f.name}-${i}`}>
                    <span>{f.name}</span>
                    <button type="button" onClick={() => setFiles((all) => all.filter((_, j) => j !== i))}>
                      移除
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <label className="ol-consent">
            <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
            <span>通过电子邮件接收办理进展通知（只含信访件编号和进展，不含事项内容和查询码）</span>
          </label>
          {notify ? (
            <div className="pt-field">
              <label htmlFor="ol-milestone-email" className="ol-required">
                接收通知的电子邮箱
              </label>
              <input
                id="ol-milestone-email"
                type="email"
                autoComplete="email"
                value={fields.milestoneEmail}
                onChange={set('milestoneEmail')}
              />
            </div>
          ) : null}
          <div className="ol-notice" role="note" aria-label="个人信息保护告知" tabIndex={0}>
            {form?.privacyNotice.text}
          </div>
          <label className="ol-consent">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            <span>我已阅读并同意《个人信息保护告知》</span>
          </label>
          <AltchaField key={altchaRound} onPayload={setAltcha} />
          <ErrorText error={error} />
          <Button type="submit" color="primary" block loading={busy} disabled={!ready}>
            提交
          </Button>
        </form>
      )}
    </main>
  );
}
