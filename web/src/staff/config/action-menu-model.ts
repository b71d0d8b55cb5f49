/**
 * The action menu editor's model (VDX: "the actions and the order in which they are displayed can be
 * locally defined and will be dependent on the ILL status"; "it is possible to 'hide' an action from
 * all staff users"). From the workflow's transition table it works out which actions may show at
 * each status, in the default order the server lists them; it applies the library's saved order and
 * hidden actions to that list, and writes an edited list back into the settings the API takes.
 */
import type { ActionMenuSettings, WorkflowDescription } from './api-types.ts';

/** A locally-defined action, as far as the menu goes. */
export interface MenuLocalAction {
  readonly id: string;
  readonly party: 'requester' | 'responder';
  readonly statuses: readonly string[];
}

/** One line of the editor: an action at the status being edited. */
export interface MenuRow {
  /** A protocol action id or `local:<id>`. */
  readonly id: string;
  /** Not hidden at this status. */
  readonly shown: boolean;
  /** Hidden at every status, which hides it here whatever `shown` says. */
  readonly hiddenEverywhere: boolean;
}

type StatusKeyOf<T> = T extends { status: infer S } ? Exclude<S, null> : never;
type StatusKey = StatusKeyOf<ActionMenuSettings['hidden'][number]>;
type MenuActionId = ActionMenuSettings['hidden'][number]['action'];

function staffActionIds(workflow: WorkflowDescription): string[] {
  return workflow.actions.filter((action) => action.actors.includes('staff')).map((action) => action.id);
}

/** The protocol actions staff may take on `machine` from any of `states`, in the catalogue's order. */
function actionsOfMachine(
  workflow: WorkflowDescription,
  machine: string,
  states: ReadonlySet<string>,
): string[] {
  const found = new Set<string>();
  for (const edge of workflow.edges) {
    if (edge.machine !== machine || edge.event.kind !== 'action') continue;
    if (edge.actors !== null && !edge.actors.includes('staff')) continue;
    if (edge.from.some((state) => states.has(state))) found.add(edge.event.name);
  }
  return staffActionIds(workflow).filter((id) => found.has(id));
}

/**
 * The actions that may show at `status`, in the order the server lists them when the library has
 * set none: the request's own actions, then (at a transaction's status) the transaction's, then the
 * locally-defined actions offered there. While a borrowing request has a current transaction its
 * menu is configured by that transaction's state, and it also offers the request's own actions at
 * any status the request can have by then (every status but the first).
 */
export function defaultActions(
  workflow: WorkflowDescription,
  status: string,
  localActions: readonly MenuLocalAction[],
): string[] {
  const colon = status.indexOf(':');
  const machine = status.slice(0, colon);
  const state = status.slice(colon + 1);
  const ids: string[] = [];
  if (machine === 'request') {
    ids.push(...actionsOfMachine(workflow, 'request', new Set([state])));
  } else if (machine === 'requester') {
    const request = workflow.machines.find((candidate) => candidate.id === 'request');
    const laterStatuses = new Set(
      (request?.states ?? []).map((s) => s.id as string).filter((id) => id !== request?.initialState),
    );
    ids.push(...actionsOfMachine(workflow, 'request', laterStatuses));
    ids.push(...actionsOfMachine(workflow, 'requester', new Set([state])));
  } else if (machine === 'responder') {
    ids.push(...actionsOfMachine(workflow, 'responder', new Set([state])));
  }
  const party = machine === 'responder' ? 'responder' : 'requester';
  for (const local of localActions) {
    if (local.party !== party) continue;
    if (local.statuses.length === 0 || local.statuses.includes(status)) ids.push(`local:${local.id}`);
  }
  return [...new Set(ids)];
}

/** Every status of the workflow's machines at which some action may show, machine by machine. */
export function menuStatuses(
  workflow: WorkflowDescription,
  localActions: readonly MenuLocalAction[],
): string[] {
  return workflow.machines.flatMap((machine) =>
    machine.states
      .map((state) => `${machine.id}:${state.id}`)
      .filter((key) => defaultActions(workflow, key, localActions).length > 0),
  );
}

/** Every action staff could be shown: the protocol actions staff take, then the local actions. */
export function allMenuActions(
  workflow: WorkflowDescription,
  localActions: readonly MenuLocalAction[],
): string[] {
  return [...staffActionIds(workflow), ...localActions.map((local) => `local:${local.id}`)];
}

/** The editor's lines at `status`: the library's order first, then the rest in the default order. */
export function rowsForStatus(
  settings: ActionMenuSettings,
  status: string,
  defaults: readonly string[],
): MenuRow[] {
  const saved = settings.order.find((entry) => entry.status === status)?.actions ?? [];
  const ordered = [
    ...saved.filter((id) => defaults.includes(id)),
    ...defaults.filter((id) => !saved.includes(id as MenuActionId)),
  ];
  const hiddenHere = new Set<string>(
    settings.hidden.filter((rule) => rule.status === status).map((rule) => rule.action),
  );
  const hiddenEverywhere = new Set<string>(
    settings.hidden.filter((rule) => rule.status === null).map((rule) => rule.action),
  );
  return ordered.map((id) => ({
    id,
    shown: !hiddenHere.has(id),
    hiddenEverywhere: hiddenEverywhere.has(id),
  }));
}

/** The lines with the one at `index` moved by `delta` places (−1 up, +1 down), if it can move. */
export function moveRow(rows: readonly MenuRow[], index: number, delta: -1 | 1): MenuRow[] {
  const target = index + delta;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(index, 1);
  next.splice(target, 0, row as MenuRow);
  return next;
}

/**
 * The settings with `status` configured as `rows` say: its hidden actions, and its order (none when
 * the rows are in the default order, so that the status follows the default). Other statuses, and
 * hidden rules at this status for actions not in the rows, stay as they are.
 */
export function applyRows(
  settings: ActionMenuSettings,
  status: string,
  rows: readonly MenuRow[],
  defaults: readonly string[],
): ActionMenuSettings {
  const ids = rows.map((row) => row.id);
  const key = status as StatusKey;
  const hidden = [
    ...settings.hidden.filter((rule) => rule.status !== status || !ids.includes(rule.action)),
    ...rows.filter((row) => !row.shown).map((row) => ({ action: row.id as MenuActionId, status: key })),
  ];
  const isDefault = ids.length === defaults.length && ids.every((id, index) => id === defaults[index]);
  const entry = { status: key, actions: ids as MenuActionId[] };
  const existing = settings.order.findIndex((candidate) => candidate.status === status);
  let order = settings.order.map((candidate) => ({
    status: candidate.status,
    actions: [...candidate.actions],
  }));
  if (isDefault || ids.length === 0) order = order.filter((candidate) => candidate.status !== status);
  else if (existing >= 0) order[existing] = entry;
  else order.push(entry);
  return { hidden, order };
}

/** The settings with exactly `ids` hidden at every status. */
export function applyHiddenEverywhere(
  settings: ActionMenuSettings,
  ids: ReadonlySet<string>,
): ActionMenuSettings {
  return {
    hidden: [
      ...settings.hidden.filter((rule) => rule.status !== null),
      ...[...ids].map((id) => ({ action: id as MenuActionId, status: null })),
    ],
    order: settings.order.map((entry) => ({ status: entry.status, actions: [...entry.actions] })),
  };
}
