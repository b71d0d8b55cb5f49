/**
 * Durable staff actions over HTTP per second. Each library's ILL desk works through the loan requests
 * its partner sent (those the inbound phase recorded): Answer Will Supply, then Shipped with a due
 * date, then Checked In. Each action is the whole write path: the session and its permission checked,
 * the request row locked, the engine's decision, the transaction and request updated, a history row,
 * an outbox row with the message to the partner, the commit, and the request page sent back.
 */
import type { StaffSession } from './http.ts';
import type { Operation } from './load.ts';

/** The actions each request goes through, in order. */
export const ACTION_SEQUENCE = ['answer-will-supply', 'shipped', 'checked-in'] as const;

/** The body of the `step`-th action of the sequence. */
export function actionBody(step: number, today: Date): Record<string, unknown> {
  const action = ACTION_SEQUENCE[step];
  if (action === undefined) throw new RangeError(`no action ${step}`);
  if (action === 'shipped') {
    const due = new Date(today.getTime() + 28 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    return { action, data: { dueDate: due } };
  }
  if (action === 'answer-will-supply') return { action, data: { note: 'On the shelf; sending this week.' } };
  return { action };
}

/**
 * The ILL desks' work: each operation is the next action on the client's current request, or on the
 * next request of its library once the sequence is done. One workload serves several windows.
 */
export class ActionWorkload {
  private readonly next: number[];
  private readonly current = new Map<number, { id: string; step: number }>();
  private readonly today = new Date();

  constructor(
    /** One session per library; client i works for library i modulo their number. */
    private readonly sessions: readonly StaffSession[],
    /** Each library's lending requests waiting for an answer, in the order of `sessions`. */
    private readonly requests: readonly (readonly string[])[],
  ) {
    this.next = sessions.map(() => 0);
  }

  /** Actions left to take, over all libraries. */
  remaining(): number {
    return this.requests.reduce(
      (sum, list, library) => sum + (list.length - (this.next[library] ?? 0)) * ACTION_SEQUENCE.length,
      0,
    );
  }

  readonly operation: Operation = async (client) => {
    const library = client % this.sessions.length;
    let work = this.current.get(client);
    if (work === undefined || work.step >= ACTION_SEQUENCE.length) {
      const queue = this.requests[library] ?? [];
      const index = this.next[library] as number;
      if (index >= queue.length) return false;
      this.next[library] = index + 1;
      work = { id: queue[index] as string, step: 0 };
      this.current.set(client, work);
    }
    await (this.sessions[library] as StaffSession).send(
      `/api/requests/${work.id}/actions`,
      actionBody(work.step, this.today),
    );
    work.step++;
    return true;
  };
}
