import { describe, expect, it } from 'vitest';
import { REQUEST_STATUS_INFO, REQUESTER_STATE_INFO, RESPONDER_STATE_INFO } from '../src/workflow/states.ts';
import { SCENARIOS, edgeIdOf, weightedScenarios } from './scenarios.ts';

describe('the generated requests’ scenarios', () => {
  it('follow edges of the transition table, one after the other', () => {
    for (const scenario of SCENARIOS) {
      const reached = new Map<string, string>();
      for (const step of scenario.steps) {
        expect(() => edgeIdOf(step), `${scenario.role}/${scenario.name}`).not.toThrow();
        const key = `${step.machine}/${step.position}`;
        const at = reached.get(key);
        if (at !== undefined) expect(step.from, `${scenario.role}/${scenario.name}: ${step.name}`).toBe(at);
        reached.set(key, step.to);
      }
      const machine = scenario.role === 'borrowing' ? 'requester' : 'responder';
      scenario.states.forEach((state, position) => {
        expect(
          reached.get(`${machine}/${position}`),
          `${scenario.role}/${scenario.name} at ${position}`,
        ).toBe(state);
      });
      if (scenario.role === 'borrowing') {
        expect(reached.get('request/null'), `${scenario.role}/${scenario.name}`).toBe(scenario.status);
      }
    }
  });

  it('end in states the engine knows, completed exactly when the request is', () => {
    for (const scenario of SCENARIOS) {
      const info = scenario.role === 'borrowing' ? REQUESTER_STATE_INFO : RESPONDER_STATE_INFO;
      for (const state of scenario.states) expect(Object.keys(info)).toContain(state);
      if (scenario.role === 'borrowing') {
        expect(Object.keys(REQUEST_STATUS_INFO)).toContain(scenario.status);
        expect(scenario.status === 'completed', scenario.name).toBe(!scenario.open);
      } else {
        expect(scenario.status).toBeNull();
      }
    }
  });

  it('share each group’s draws without gaps or overlaps', () => {
    const weighted = weightedScenarios();
    const groups = new Map<string, typeof weighted>();
    for (const scenario of weighted) {
      const key = `${scenario.role}/${scenario.service}/${scenario.open}`;
      groups.set(key, [...(groups.get(key) ?? []), scenario]);
    }
    expect(groups.size).toBe(8);
    for (const [key, members] of groups) {
      expect(members[0]?.from, key).toBe(0);
      for (let index = 1; index < members.length; index++) {
        expect(members[index]?.from, key).toBeCloseTo(members[index - 1]?.to as number, 9);
      }
      expect(members.at(-1)?.to, key).toBeGreaterThan(1);
    }
  });
});
