/**
 * Bounded model check: one borrower and one lender exchanging messages through a channel that delays,
 * reorders and repeats them, over every sequence of actions, timers and deliveries.
 */
import { describe, expect, it } from 'vitest';
import { REQUESTER_STATES, RESPONDER_STATES } from './vocabulary.ts';
import { explore } from './testing/explore.ts';
import type { ExplorationResult } from './testing/explore.ts';

const LONG = 180_000;

function summary(name: string, result: ExplorationResult): void {
  console.info(
    `[model check] ${name}: ${result.states} states, ${result.steps} steps, depth ${result.depthReached}, ` +
      `${result.finals} final states, ${result.exhaustive ? 'exhaustive' : 'depth-bounded'}`,
  );
}

describe('the two-party model', () => {
  it(
    'explores every state with messages kept in order each way and crossing freely, and the parties always agree',
    () => {
      const result = explore({
        ordering: 'fifo',
        repeats: 0,
        channelBound: 2,
        maxDepth: Number.POSITIVE_INFINITY,
        maxStates: 2_000_000,
        // Answer Hold, Locations-Provided, Change Current Service Type, Damaged and Resend add messages that
        // change no state; the next exploration covers them with one message in flight each way.
        without: [
          'answer-hold',
          'answer-locations-provided',
          'change-current-service-type',
          'damaged',
          'resend-last-message',
        ],
      });
      summary('in order, two in flight', result);
      expect(result.exhaustive).toBe(true);
      expect(result.violations).toEqual([]);
      expect(result.deadEnds).toEqual([]);
      expect(result.disagreements).toEqual([]);
      expect(result.cannotFinish).toEqual([]);
      expect([...result.reached.requester].sort()).toEqual([...REQUESTER_STATES].sort());
      expect([...result.reached.responder].sort()).toEqual([...RESPONDER_STATES].sort());
    },
    LONG,
  );

  it(
    'explores every state with every protocol action of both parties, and a repeated message changes no state',
    () => {
      const result = explore({
        ordering: 'fifo',
        repeats: 0,
        channelBound: 1,
        maxDepth: Number.POSITIVE_INFINITY,
        maxStates: 2_000_000,
        checkEngineRepeats: true,
      });
      summary('every action, one in flight', result);
      expect(result.exhaustive).toBe(true);
      expect(result.violations).toEqual([]);
      expect(result.deadEnds).toEqual([]);
      expect(result.disagreements).toEqual([]);
      expect(result.cannotFinish).toEqual([]);
      expect([...result.reached.requester].sort()).toEqual([...REQUESTER_STATES].sort());
      expect([...result.reached.responder].sort()).toEqual([...RESPONDER_STATES].sort());
    },
    LONG,
  );

  it(
    'ignores every repeated delivery of a message, to depth 8',
    () => {
      const result = explore({
        ordering: 'fifo',
        repeats: 1,
        channelBound: 2,
        maxDepth: 8,
        maxStates: 2_000_000,
      });
      summary('repeating channel', result);
      expect(result.depthReached).toBe(8);
      expect(result.violations).toEqual([]);
      expect(result.deadEnds).toEqual([]);
      expect(result.disagreements).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses out-of-order messages from a peer that does not keep order without changing anything, to depth 10',
    () => {
      const result = explore({
        ordering: 'any',
        repeats: 0,
        channelBound: 2,
        maxDepth: 10,
        maxStates: 2_000_000,
      });
      summary('any order', result);
      expect(result.depthReached).toBe(10);
      // Some reorderings cannot be applied (a Renew answer before the loan was shipped, say): each gets a
      // state-transition-prohibited refusal, the message is dropped, and the exploration goes on.
      expect(result.violations.every((violation) => violation.kind === 'message-refused')).toBe(true);
      expect(
        result.violations.every((violation) => violation.detail.includes('G2 state-transition-prohibited')),
      ).toBe(true);
      expect(result.deadEnds).toEqual([]);
    },
    LONG,
  );
});
