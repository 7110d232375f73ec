/**
 * 阳光信访: the petitioner looks up a case with its number and 查询码, follows its milestones and
 * current deadline, reads the notices addressed to them, rates the reply and asks for review.
 * No sign-in; the code lives only in memory (typed each visit, never in the URL).
 */
import { useEffect, useRef, useState } from 'react';
import { STEP_LABELS, finalWord } from '../shared/labels';
import { Deadline } from './Deadline';
import { ErrorText } from './ErrorText';
import { LookupForm } from './LookupForm';
import { Milestones } from './Milestones';
import { Notices } from './Notices';
import { RatePanel } from './RatePanel';
import { ReviewRequestPanel } from './ReviewRequestPanel';
import { listNotices, lookUp, type NoticeDocument, type PetitionerView } from './public-api';
import { canonicalSubmissionNumber } from '@/libs/process/online-petition';
import { submissionStatus, type SubmissionStatus } from '../online/online-api';
import { SubmissionStatusCard } from './SubmissionStatusCard';

interface Found {
  id: string;
  code: string;
  view: PetitionerView;
  notices: NoticeDocument[];
}

export function PetitionerApp() {
  const initialId = new URLSearchParams(window.location.search).get('id') ?? '';
  const [found, setFound] = useState<Found | null>(null);
  // 网上信访 not (yet) a case: 已收到，待登记, or 不予登记 with the reason.
  const [submission, setSubmission] = useState<SubmissionStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const search = async (id: string, code: string) => {
    setBusy(true);
    setError(null);
    setSubmission(null);
    try {
      const submissionNumber = canonicalSubmissionNumber(id);
      if (submissionNumber) {
        const status = await submissionStatus(submissionNumber, code);
        if (status.status !== 'registered') {
          setFound(null);
          setSubmission(status);
          return;
        }
      }
      const [view, notices] = await Promise.all([lookUp(id, code), listNotices(id, code)]);
      setFound({ id, code, view, notices });
    } catch (e) {
      // A refused lookup shows nothing of any case, not even the one shown before.
      setFound(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const update = (view: PetitionerView) => setFound((f) => f && { ...f, view });
  // A new lookup's result takes the focus, so a screen reader reads it and the keyboard continues from there.
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const shownId = found?.id;
  useEffect(() => {
    if (shownId) statusHeading.current?.focus();
  }, [shownId]);

  return (
    <main className="pt-page">
      <header className="pt-header">
        <h1>阳光信访</h1>
        <p>信访事项办理进度查询</p>
      </header>
      <LookupForm initialId={initialId} busy={busy} onSubmit={search} />
      <ErrorText error={error} />
      {submission ? <SubmissionStatusCard status={submission} /> : null}
      {found ? (
        <div data-testid="petition-result">
          <section className="pt-card" aria-labelledby="status-title">
            <h2 id="status-title" tabIndex={-1} ref={statusHeading}>
              办理状态
            </h2>
            {found.view.caseNumber ? (
              <p data-testid="petitioner-case-number">信访件编号：{found.view.caseNumber}</p>
            ) : null}
            <p className="pt-status">
              {STEP_LABELS[found.view.step as keyof typeof STEP_LABELS] ?? found.view.step}
              {found.view.final ? `（已${finalWord(found.view.milestones)}）` : ''}
            </p>
          </section>
          {found.view.currentDeadline ? <Deadline deadline={found.view.currentDeadline} /> : null}
          <Milestones view={found.view} />
          <Notices id={found.id} code={found.code} notices={found.notices} />
          {found.view.canRate ? <RatePanel id={found.id} code={found.code} onRated={update} /> : null}
          {found.view.canRequestReview ? (
            <ReviewRequestPanel id={found.id} code={found.code} view={found.view} onRequested={update} />
          ) : null}
        </div>
      ) : null}
    </main>
  );
}
