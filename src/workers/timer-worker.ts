/**
 * Fires due timers as engine events (expiry, conditional reply, need-before, due date), each through
 * the single write path. Timers are rows: a crash loses none, and several processes share the work
 * through row locks, never through memory.
 */
import type { Clock } from '../clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { TransitionRefusedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type {
  RequestWorkflowRepositories,
  RequestWorkflowService,
} from '../requests/request-workflow.service.ts';
import { TIMERS } from '../workflow/vocabulary.ts';
import type { TimerName } from '../workflow/vocabulary.ts';
import type { DueTimer, TimerRepository } from './timer.repository.ts';

export interface TimerWorkerRepositories extends RequestWorkflowRepositories {
  readonly timers: TimerRepository;
}

const TIMER_ACTOR = { kind: 'timer', id: null, name: 'Interlend (timer)' } as const;

export class TimerWorker {
  constructor(
    private readonly work: UnitOfWork<TimerWorkerRepositories>,
    private readonly workflow: RequestWorkflowService,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** Fire every timer due now, one per transaction. Returns how many were fired. */
  async runDue(limit = 100): Promise<number> {
    let fired = 0;
    while (fired < limit) {
      const outcome = await this.fireOne();
      if (outcome === 'none') break;
      fired++;
    }
    return fired;
  }

  private async fireOne(): Promise<'fired' | 'stale' | 'none'> {
    let stale: DueTimer | null = null;
    const outcome = await this.work
      .run(async (repositories) => {
        const timer = await repositories.timers.claimDue(this.clock.now());
        if (timer === null) return 'none' as const;
        stale = timer;
        if (!(TIMERS as readonly string[]).includes(timer.name))
          throw new Error(`Unknown timer ${timer.name}`);
        await this.workflow.applyWithin(repositories, {
          requestId: timer.requestId,
          libraryId: timer.libraryId,
          target:
            timer.machine === 'requester' && timer.rotaPosition !== null
              ? { rotaIndex: timer.rotaPosition }
              : null,
          event: { trigger: 'timer', timer: timer.name as TimerName },
          actor: TIMER_ACTOR,
        });
        // The edge may have stopped or restarted this very timer; deleting by id removes only the row fired.
        await repositories.timers.delete(timer.id);
        stale = null;
        return 'fired' as const;
      })
      .catch((error: unknown) => {
        if (error instanceof TransitionRefusedError && stale !== null) return 'stale' as const;
        throw error;
      });
    if (outcome === 'stale' && stale !== null) {
      const timer: DueTimer = stale;
      // The state moved on and no longer reacts to this timer: it is spent.
      this.logger?.info({ timer }, 'discarded a timer the request no longer reacts to');
      await this.work.run(({ timers }) => timers.delete(timer.id));
    }
    return outcome;
  }
}
