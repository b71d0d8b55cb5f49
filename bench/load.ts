/**
 * The load driver: a fixed number of clients, each sending its next operation as soon as the previous
 * one is answered (a closed loop, as staff at their desks and partner servers are), for a fixed time
 * and at most a fixed number of operations. Every load is bounded both ways.
 */
import { performance } from 'node:perf_hooks';

/** What a client does next; `false` when it has nothing left to do. */
export type Operation = (client: number) => Promise<boolean>;

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly clients: number;
  /** Operations run for this long before the timed window, and are not counted. */
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** At most this many operations in the timed window, over all clients. */
  readonly maxOperations: number;
  readonly operation: Operation;
  /** Called as the timed window opens, e.g. to take a first reading of CPU time. */
  readonly onWindowOpen?: () => void;
}

/** What happened in the timed window. */
export interface LoadResult {
  readonly operations: number;
  readonly milliseconds: number;
  /** Latency of each operation of the window, in milliseconds. */
  readonly latencies: readonly number[];
  /** Some client ran out of work before the window ended. */
  readonly exhausted: boolean;
  /**
   * Operations answered from the window's opening until every client stopped, the last ones after
   * the window included: what a reading taken at the opening and one taken on return covers.
   */
  readonly operationsSinceOpen: number;
}

/**
 * Runs the clients through the warm-up, then the timed window. The first failed operation stops every
 * client and is rethrown: a figure measured over errors would be no figure.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupEnds = performance.now() + options.warmupSeconds * 1000;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let counted = 0;
  let sinceOpen = 0;
  let lastCounted = 0;
  let exhausted = false;
  let failure: unknown;
  const latencies: number[] = [];
  const done = () =>
    failure !== undefined || counted >= options.maxOperations || performance.now() >= windowEnd;

  const client = async (index: number): Promise<void> => {
    while (!done()) {
      const started = performance.now();
      let more: boolean;
      try {
        more = await options.operation(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      const finished = performance.now();
      if (!more) {
        exhausted = true;
        return;
      }
      if (finished >= windowStart) sinceOpen++;
      if (started >= windowStart && finished <= windowEnd && counted < options.maxOperations) {
        counted++;
        lastCounted = finished;
        latencies.push(finished - started);
      }
    }
  };

  // The window opens when the warm-up ends, for every client at the same moment.
  const opener = new Promise<void>((resolve) =>
    setTimeout(
      () => {
        options.onWindowOpen?.();
        windowStart = performance.now();
        windowEnd = windowStart + options.seconds * 1000;
        resolve();
      },
      Math.max(0, warmupEnds - performance.now()),
    ),
  );
  await Promise.all([opener, ...Array.from({ length: options.clients }, (_, index) => client(index))]);
  if (failure !== undefined) throw failure;
  if (counted === 0) throw new Error('the load ran out of work before its timed window');
  // A window cut short (out of work, or the operation cap) lasted until its last counted answer.
  const ended = performance.now() < windowEnd ? lastCounted : windowEnd;
  return {
    operations: counted,
    milliseconds: Math.max(1, ended - windowStart),
    latencies,
    exhausted,
    operationsSinceOpen: sinceOpen,
  };
}
