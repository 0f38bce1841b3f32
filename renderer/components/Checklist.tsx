// A problem's fix checklist: numbered steps, a checkbox per step kept for the current incident,
// and a button on each step bound to an action.
import type { Problem } from '../../shared/health';
import { useWindow } from '../store';
import { ActionButton } from './ActionButton';

interface ChecklistProps {
  problem: Problem;
  /** Draw the first action button as primary: the trader's next move. */
  leadAction?: boolean;
  /** Label of the sign-in button (first run says "Sign in", not "Sign in again"). */
  signInLabel?: string;
}

export function Checklist({ problem, leadAction = false, signInLabel }: ChecklistProps) {
  const ticked = useWindow((s) => s.ticked);
  const toggleStep = useWindow((s) => s.toggleStep);
  const firstAction = problem.steps.findIndex((step) => step.action !== undefined);
  const done = problem.steps.filter((_, index) => ticked[`${problem.id}:${index}`]).length;
  return (
    <>
      <ol className="checklist" aria-label={`Steps to fix: ${problem.title}`}>
        {problem.steps.map((step, index) => {
          const id = `step-${problem.id}-${index}`;
          const isDone = ticked[`${problem.id}:${index}`] === true;
          return (
            <li key={`${index}:${step.text}`} className={isDone ? 'step done' : 'step'}>
              <input
                type="checkbox"
                id={id}
                checked={isDone}
                onChange={() => toggleStep(problem.id, index)}
              />
              <div className="step-body">
                <label htmlFor={id}>
                  <span className="step-num" aria-hidden="true">
                    {index + 1}.
                  </span>{' '}
                  {step.text}
                </label>
                {step.action && (
                  <ActionButton
                    action={step.action}
                    primary={leadAction && index === firstAction}
                    label={step.action === 'sign_in' ? signInLabel : undefined}
                  />
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <p className="checklist-progress muted">
        {done === 0
          ? 'Tick each step as you try it.'
          : `${done} of ${problem.steps.length} steps done.`}
      </p>
    </>
  );
}
