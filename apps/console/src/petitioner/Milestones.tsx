/** 办理进程: each milestone with its Beijing time, oldest first, and the public outcome when there is one. */
import { Steps } from 'antd-mobile';
import { DECISION_LABELS, OUTCOME_LABELS, RATING_LABELS, REDIRECT_LABELS, milestoneLabel } from '../shared/labels';
import { chineseDate, formatInstant } from '../shared/time';
import type { PetitionerView } from './public-api';

/** A milestone's detail is an outcome, decision, procedure or rating word, or a reason in words: the words get their label. */
const DETAIL_LABELS: Record<string, string> = {
  ...OUTCOME_LABELS,
  ...DECISION_LABELS,
  ...REDIRECT_LABELS,
  ...RATING_LABELS,
};

export function Milestones({ view }: { view: PetitionerView }) {
  return (
    <section className="pt-card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">办理进程</h2>
      <Steps direction="vertical" current={view.milestones.length - 1}>
        {view.milestones.map((m, i) => (
          <Steps.Step
            key={`${m.type}-${i}`}
            status="finish"
            title={milestoneLabel(m.type, view.milestones)}
            description={
              <>
                <time dateTime={m.at}>{formatInstant(m.at)}</time>
                {m.detail ? <span className="pt-detail">{DETAIL_LABELS[m.detail] ?? m.detail}</span> : null}
                {m.type === 'takenOver' && m.unitName ? (
                  <span className="pt-detail">
                    由{m.unitName}提级办理{m.lastDay ? `，应于${chineseDate(m.lastDay)}前办理` : ''}
                  </span>
                ) : null}
              </>
            }
          />
        ))}
      </Steps>
    </section>
  );
}
