/** 告知书与意见书 addressed to the petitioner: view in the browser's PDF viewer or save the file. */
import { useState } from 'react';
import { Button } from 'antd-mobile';
import { NOTICE_LABELS } from '../shared/labels';
import { formatInstant } from '../shared/time';
import { ErrorText } from './ErrorText';
import { noticePdf, type NoticeDocument } from './public-api';

function fileName(doc: NoticeDocument): string {
  return `${doc.title}-${doc.number}.pdf`.replace(/[\\/:*?"<>|]/g, '_');
}

export function Notices(props: { id: string; code: string; notices: NoticeDocument[] }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const withPdf = async (doc: NoticeDocument, deliver: (url: string) => void) => {
    setError(null);
    setBusy(doc.documentId);
    try {
      const url = URL.createObjectURL(await noticePdf(props.id, props.code, doc.documentId));
      deliver(url);
      setTimeout(() => URL.revokeObjectURL(url), 300_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const save = (doc: NoticeDocument) =>
    withPdf(doc, (url) => {
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName(doc);
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  const view = (doc: NoticeDocument) => withPdf(doc, (url) => window.open(url, '_blank', 'noopener'));

  return (
    <section className="pt-card" aria-labelledby="notices-title">
      <h2 id="notices-title">告知书与意见书</h2>
      {props.notices.length === 0 ? <p className="pt-muted">暂无</p> : null}
      <ul className="pt-notices">
        {props.notices.map((doc) => (
          <li key={doc.documentId}>
            <div className="pt-notice-title">{NOTICE_LABELS[doc.kind] ?? doc.title}</div>
            <div className="pt-muted">
              {doc.number} · {formatInstant(doc.issuedAt)}
            </div>
            <div className="pt-actions">
              <Button
                size="small"
                onClick={() => view(doc)}
                loading={busy === doc.documentId}
                aria-label={`查看${NOTICE_LABELS[doc.kind] ?? doc.title}`}
              >
                查看
              </Button>
              <Button
                size="small"
                color="primary"
                fill="outline"
                onClick={() => save(doc)}
                aria-label={`下载${NOTICE_LABELS[doc.kind] ?? doc.title}`}
              >
                下载
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
    </section>
  );
}
