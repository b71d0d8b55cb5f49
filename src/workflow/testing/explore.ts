/**
 * Breadth-first exploration of the two-party model: every sequence of actions, timers and deliveries,
 * up to a depth (or until no new state appears). It reports what the model check asserts: the states
 * and edges reached, refused messages, final states where the parties disagree, states with no way
 * out, and states from which no agreeing end can be reached.
 */
import type { AnyState } from '../vocabulary.ts';
import { initialState, isFinal, partiesAgree, stateKey, successors } from './two-party-model.ts';
import type { GlobalState, ModelOptions, Violation } from './two-party-model.ts';

export interface ExplorationResult {
  readonly states: number;
  readonly steps: number;
  /** True when every reachable state was expanded: the exploration is exhaustive, not cut by depth. */
  readonly exhaustive: boolean;
  readonly depthReached: number;
  readonly violations: readonly Violation[];
  readonly reached: {
    readonly request: Set<AnyState>;
    readonly requester: Set<AnyState>;
    readonly responder: Set<AnyState>;
  };
  readonly edgesUsed: ReadonlySet<string>;
  /** Non-final states with no enabled event. */
  readonly deadEnds: readonly string[];
  /** Final states (both ended, nothing in flight) where the parties disagree. */
  readonly disagreements: readonly string[];
  /** Expanded states from which no agreeing final state is reachable (checked when exhaustive). */
  readonly cannotFinish: readonly string[];
  readonly finals: number;
}

class EdgeList {
  private from = new Int32Array(1 << 16);
  private to = new Int32Array(1 << 16);
  length = 0;
  push(a: number, b: number): void {
    if (this.length === this.from.length) {
      const grow = (array: Int32Array) => {
        const bigger = new Int32Array(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    this.from[this.length] = a;
    this.to[this.length] = b;
    this.length++;
  }
  fromAt(index: number): number {
    return this.from[index] as number;
  }
  toAt(index: number): number {
    return this.to[index] as number;
  }
}

/** Explore the model. `maxStates` stops a run that grows beyond its budget (reported as not exhaustive). */
export function explore(options: ModelOptions & { maxDepth: number; maxStates: number }): ExplorationResult {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const finalIds: number[] = [];
  const agreeing: boolean[] = [];
  const expanded: boolean[] = [];
  const edges = new EdgeList();
  const violations: Violation[] = [];
  const seenViolation = new Set<string>();
  const reached = {
    request: new Set<AnyState>(),
    requester: new Set<AnyState>(),
    responder: new Set<AnyState>(),
  };
  const edgesUsed = new Set<string>();
  const deadEnds: string[] = [];
  const disagreements: string[] = [];

  const add = (state: GlobalState): { id: number; fresh: boolean } => {
    const key = stateKey(state);
    const known = ids.get(key);
    if (known !== undefined) return { id: known, fresh: false };
    const id = keys.length;
    ids.set(key, id);
    keys.push(key);
    expanded.push(false);
    const final = isFinal(state, options);
    // A silent lender never ends its side, so there is nothing for the parties to agree on.
    const agree = options.silentLender === true || partiesAgree(state);
    agreeing.push(final && agree);
    if (final) {
      finalIds.push(id);
      if (!agree) disagreements.push(key);
    }
    return { id, fresh: true };
  };

  const start = initialState();
  reached.request.add(start.borrower.status);
  let frontier: { state: GlobalState; id: number }[] = [{ state: start, id: add(start).id }];
  let depth = 0;
  let steps = 0;
  let truncated = false;
  while (frontier.length > 0 && depth < options.maxDepth) {
    const next: { state: GlobalState; id: number }[] = [];
    for (const { state, id } of frontier) {
      const found: Violation[] = [];
      const successorsOf = successors(state, options, found);
      for (const violation of found) {
        if (!seenViolation.has(violation.detail)) {
          seenViolation.add(violation.detail);
          violations.push(violation);
        }
      }
      expanded[id] = true;
      if (successorsOf.length === 0 && !isFinal(state, options)) deadEnds.push(keys[id] as string);
      for (const step of successorsOf) {
        steps++;
        for (const transition of step.transitions) {
          edgesUsed.add(transition.edgeId);
          reached[transition.machine].add(transition.from);
          reached[transition.machine].add(transition.to);
        }
        const { id: target, fresh } = add(step.next);
        edges.push(id, target);
        if (fresh) {
          if (keys.length > options.maxStates) {
            truncated = true;
            break;
          }
          next.push({ state: step.next, id: target });
        }
      }
      if (truncated) break;
    }
    if (truncated) break;
    frontier = next;
    depth++;
  }
  const exhaustive = !truncated && frontier.length === 0;

  // Backward reachability from the agreeing final states.
  const canFinish = new Uint8Array(keys.length);
  const reverse = new Map<number, number[]>();
  for (let index = 0; index < edges.length; index++) {
    const target = edges.toAt(index);
    const list = reverse.get(target) ?? [];
    list.push(edges.fromAt(index));
    reverse.set(target, list);
  }
  const queue = finalIds.filter((id) => agreeing[id]);
  for (const id of queue) canFinish[id] = 1;
  while (queue.length > 0) {
    const id = queue.pop() as number;
    for (const previous of reverse.get(id) ?? []) {
      if (canFinish[previous] === 0) {
        canFinish[previous] = 1;
        queue.push(previous);
      }
    }
  }
  const cannotFinish = exhaustive ? keys.filter((_, id) => expanded[id] === true && canFinish[id] === 0) : [];

  return {
    states: keys.length,
    steps,
    exhaustive,
    depthReached: depth,
    violations,
    reached,
    edgesUsed,
    deadEnds,
    disagreements,
    cannotFinish,
    finals: finalIds.length,
  };
}
