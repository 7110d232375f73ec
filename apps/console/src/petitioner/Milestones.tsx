/** 办理进程: each milestone with its Beijing time, oldest first, and the public outcome when there is one. */
import { Steps } from 'antd-mobile';
import { MILESTONE_LABELS } from '../shared/labels';
import { formatInstant } from '../shared/time';
import type { PetitionerView } from './public-api';

export function Milestones({ view }: { view: PetitionerView }) {
  return (
    <section className="pt-card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">办理进程</h2>
      <Steps direction="vertical" current={view.milestones.length - 1}>
        {view.milestones.map((m, i) => (
          <Steps.Step
            key={`${m.type}-${i}`}
            status="finish"
            title={MILESTONE_LABELS[m.type as keyof typeof MILESTONE_LABELS] ?? m.type}
            description={
              <>
                <time dateTime={m.at}>{formatInstant(m.at)}</time>
                {m.detail ? <span className="pt-detail">{m.detail}</span> : null}
              </>
            }
          />
        ))}
      </Steps>
    </section>
  );
}
