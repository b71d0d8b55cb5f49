import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runLoad } from './load.ts';

describe('the load driver', () => {
  it('tells when the timed window opens, and counts what was answered from then on', async () => {
    let answered = 0;
    let answeredAtOpening: number | undefined;
    const result = await runLoad({
      clients: 2,
      warmupSeconds: 0.1,
      seconds: 0.2,
      maxOperations: 1_000,
      operation: async () => {
        await delay(10);
        answered++;
        return true;
      },
      onWindowOpen: () => (answeredAtOpening = answered),
    });
    expect(answeredAtOpening).toBeGreaterThan(0);
    expect(result.operations).toBeGreaterThan(0);
    // Every counted operation, and those that straddled its opening or its closing (one each per client).
    expect(result.operationsSinceOpen).toBeGreaterThanOrEqual(result.operations);
    expect(result.operationsSinceOpen).toBeLessThanOrEqual(result.operations + 4);
    expect(answeredAtOpening! + result.operationsSinceOpen).toBe(answered);
  });
});
