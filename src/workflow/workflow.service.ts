import { describeWorkflow, type WorkflowDescription } from './workflow-description.ts';

/** Freezes a plain JSON value and everything in it, so that a shared copy cannot be changed. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Serves the description of the workflow. It never changes at run time, so it is built once. */
export class WorkflowService {
  private description: WorkflowDescription | undefined;

  /** The whole workflow: machines, actions, messages, timers, guards, effects and every edge. Frozen. */
  describe(): WorkflowDescription {
    this.description ??= deepFreeze(describeWorkflow());
    return this.description;
  }
}
