// The active problem: its title, what we saw (the redacted evidence) and the fix checklist.
// Other active problems follow, collapsed.
import type { Problem } from '../../shared/health';
import { LEVEL_WORD } from '../../shared/format';
import { Checklist } from './Checklist';
import { LevelIcon } from './Icons';

export function ProblemCard({ problem }: { problem: Problem }) {
  const titleId = `problem-${problem.id}-title`;
  return (
    <section
      className={`card problem level-${problem.level}`}
      aria-labelledby={titleId}
      data-problem={problem.id}
    >
      <p className="eyebrow">
        <LevelIcon level={problem.level} /> {LEVEL_WORD[problem.level]}
      </p>
      <h2 id={titleId}>{problem.title}</h2>
      <h3>What we saw</h3>
      <p className="evidence">{problem.cause}</p>
      <h3>How to fix it</h3>
      <Checklist problem={problem} leadAction />
    </section>
  );
}

export function OtherProblems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="others" aria-labelledby="others-title">
      <h2 id="others-title" className="section-title">
        Also active ({problems.length})
      </h2>
      {problems.map((problem) => (
        <details
          key={problem.id}
          className={`card other level-${problem.level}`}
          data-problem={problem.id}
        >
          <summary>
            <LevelIcon level={problem.level} />
            <span className="other-title">{problem.title}</span>
            <span className="other-level">{LEVEL_WORD[problem.level]}</span>
          </summary>
          <div className="other-body">
            <h3>What we saw</h3>
            <p className="evidence">{problem.cause}</p>
            <h3>How to fix it</h3>
            <Checklist problem={problem} />
          </div>
        </details>
      ))}
    </section>
  );
}
