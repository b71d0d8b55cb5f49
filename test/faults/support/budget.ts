/**
 * How much each fault test does, in its quick form (`FAULTS=quick`, the default, run by CI) and its
 * full form (`FAULTS=full`). Every loop in the fault tests is bounded twice: by a count from here and
 * by a deadline from here, whichever comes first; a deadline reached before the count fails the test
 * where the count matters (e.g. every lifecycle must finish), so that a slow run is never a silent pass.
 */

export type FaultForm = 'quick' | 'full';

function formFrom(value: string | undefined): FaultForm {
  const form = (value ?? '').trim().toLowerCase();
  if (form === '' || form === 'quick') return 'quick';
  if (form === 'full') return 'full';
  throw new Error(`FAULTS must be "quick" or "full", got "${value}"`);
}

export const FAULT_FORM: FaultForm = formFrom(process.env.FAULTS);

export interface FaultBudget {
  /** Upper bound of any one fault test. */
  readonly testTimeoutMs: number;
  readonly sigkill: {
    /** Lifecycles run between the two servers, each to its end. */
    readonly lifecycles: number;
    /** How many run at the same time, so that kills land in the middle of exchanges. */
    readonly concurrency: number;
    /** SIGKILLs (either server, alternately at random) during the run. */
    readonly kills: number;
    /** The whole run, lifecycles and kills, must end within this. */
    readonly deadlineMs: number;
  };
  readonly conflicts: {
    /** Rounds of concurrent conflicting actions on one request. */
    readonly rounds: number;
    /** Concurrent actions per round. */
    readonly actionsPerRound: number;
  };
  readonly mutations: {
    /** Mutated bodies posted in-process (app.inject). */
    readonly inProcess: number;
    /** Of those, how many also go to a real server process over HTTP. */
    readonly overHttp: number;
    readonly deadlineMs: number;
  };
  readonly soak: {
    /** How long the peak throughput is measured before the soak. */
    readonly peakMs: number;
    /** Warm-up at the soak rate before the first RSS and latency baseline. */
    readonly warmUpMs: number;
    /** The soak itself, at half of the peak. */
    readonly durationMs: number;
    /** Length of one latency interval. */
    readonly intervalMs: number;
  };
}

const QUICK: FaultBudget = {
  testTimeoutMs: 300_000,
  sigkill: { lifecycles: 40, concurrency: 4, kills: 8, deadlineMs: 180_000 },
  conflicts: { rounds: 4, actionsPerRound: 1_000 },
  mutations: { inProcess: 10_000, overHttp: 1_000, deadlineMs: 150_000 },
  soak: { peakMs: 10_000, warmUpMs: 15_000, durationMs: 120_000, intervalMs: 10_000 },
};

const FULL: FaultBudget = {
  testTimeoutMs: 2_700_000,
  sigkill: { lifecycles: 80, concurrency: 6, kills: 40, deadlineMs: 900_000 },
  conflicts: { rounds: 12, actionsPerRound: 1_000 },
  mutations: { inProcess: 100_000, overHttp: 5_000, deadlineMs: 900_000 },
  soak: { peakMs: 30_000, warmUpMs: 60_000, durationMs: 1_800_000, intervalMs: 60_000 },
};

export const FAULT_BUDGET: FaultBudget = FAULT_FORM === 'full' ? FULL : QUICK;
