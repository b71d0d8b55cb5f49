/**
 * The action menu: which actions a user may take on a request now, in the library's order. It combines
 * the transition table (state, partner protocol, service type, guards), the actor and their
 * permissions, the library's settings (actions hidden at a status or everywhere, the order per status,
 * VDX) and the library's locally-defined actions (VDX type 2). The API, the staff client and the OPAC
 * all take their buttons from here.
 */
import { ACTION_IDS, ACTIONS } from './actions.ts';
import type { ActionField, ActionId } from './actions.ts';
import { matchEdge } from './engine.ts';
import { currentRotaIndex, liveTransactions } from './guards.ts';
import type { Decision, EventData, Output, Target, WorkflowSnapshot } from './model.ts';
import type { Actor, RequestStatus, RequesterState, ResponderState } from './vocabulary.ts';

/** The permission Koha calls `ill`: create and modify ILL requests. Every staff protocol action needs it. */
export const ILL_PERMISSION = 'ill';

/** A status as a library's settings name it: the machine and the state. */
export type StatusKey =
  `request:${RequestStatus}` | `requester:${RequesterState}` | `responder:${ResponderState}`;

/** A protocol action, or a locally-defined action (`local:<id>`). */
export type MenuActionId = ActionId | `local:${string}`;

/** Hide an action from all staff users, at one status or (status `null`) at every status. */
export interface HiddenAction {
  readonly action: MenuActionId;
  readonly status: StatusKey | null;
}

/** The order in which actions are listed at one status; actions not listed follow in the default order. */
export interface StatusOrder {
  readonly status: StatusKey;
  readonly actions: readonly MenuActionId[];
}

/**
 * A locally-defined action (VDX type 2): it never changes a status nor sends a message to the partner;
 * it records itself in the history and may send the patron a user alert.
 */
export interface LocalActionDefinition {
  /** A slug, unique in the library. */
  readonly id: string;
  readonly name: string;
  /** Borrowing requests (requester) or lending requests (responder). */
  readonly party: 'requester' | 'responder';
  /** The statuses at which it appears; empty means every status. */
  readonly statuses: readonly StatusKey[];
  /** The permission a staff user needs (VDX resource groups). */
  readonly permission: string;
  /** When set, the action emails the patron this notice (borrowing requests only). */
  readonly userAlert: { readonly patronNote: string } | null;
}

/** A library's configuration of its action menus. */
export interface ActionMenuConfig {
  readonly hidden: readonly HiddenAction[];
  readonly order: readonly StatusOrder[];
  readonly localActions: readonly LocalActionDefinition[];
}

export const DEFAULT_MENU_CONFIG: ActionMenuConfig = { hidden: [], order: [], localActions: [] };

/** Who is looking at the menu. */
export interface Viewer {
  readonly actor: Exclude<Actor, 'system'>;
  /** Staff permissions in the request's library; patrons have none. */
  readonly permissions: ReadonlySet<string>;
}

/** One entry of the menu: an action, the transaction (or the request) it applies to, and its form. */
export interface MenuItem {
  readonly id: MenuActionId;
  readonly kind: 'protocol' | 'local';
  /** Where the action applies: the request itself (`null`) or a transaction of its rota. */
  readonly target: Target;
  readonly vdxName?: string;
  readonly kohaName?: string;
  /** The ISO 10161 service's name, for an action neither the VDX nor the Koha text names. */
  readonly isoName?: string;
  /** A locally-defined action's own name. */
  readonly localName?: string;
  readonly fields: readonly ActionField[];
}

/** The status a request's menu is configured by: its current transaction's state, or the request's status. */
export function menuStatus(snapshot: WorkflowSnapshot): StatusKey {
  if (snapshot.kind === 'lending') return `responder:${snapshot.transaction.state as ResponderState}`;
  const current = currentRotaIndex(snapshot);
  const tx = current < 0 ? null : (snapshot.rota[current]?.transaction ?? null);
  return tx === null ? `request:${snapshot.status}` : `requester:${tx.state as RequesterState}`;
}

function itemStatus(snapshot: WorkflowSnapshot, target: Target): StatusKey {
  if (snapshot.kind === 'lending') return `responder:${snapshot.transaction.state as ResponderState}`;
  if (target === null) return `request:${snapshot.status}`;
  return `requester:${(snapshot.rota[target.rotaIndex]?.transaction?.state ?? 'idle') as RequesterState}`;
}

/** The transactions whose actions a borrowing request's menu offers: the current one and any other live one. */
function menuTargets(snapshot: WorkflowSnapshot): Target[] {
  if (snapshot.kind === 'lending') return [null];
  const current = currentRotaIndex(snapshot);
  const live = liveTransactions(snapshot);
  const indexes = snapshot.rota.flatMap((entry, index) =>
    entry.transaction !== null && (index === current || live.includes(entry.transaction)) ? [index] : [],
  );
  return [null, ...indexes.map((rotaIndex) => ({ rotaIndex }))];
}

function allowedFor(viewer: Viewer, permission: string): boolean {
  return viewer.actor === 'patron' || viewer.permissions.has(permission);
}

function hidingRuleAt(
  config: ActionMenuConfig,
  id: MenuActionId,
  keys: readonly StatusKey[],
): HiddenAction | null {
  return (
    config.hidden.find(
      (rule) => rule.action === id && (rule.status === null || keys.includes(rule.status)),
    ) ?? null
  );
}

function isHidden(config: ActionMenuConfig, id: MenuActionId, keys: readonly StatusKey[]): boolean {
  return hidingRuleAt(config, id, keys) !== null;
}

/**
 * The library's rule that hides a protocol action where it would be taken (at the request's status or
 * at the state of the transaction it targets), or `null`. The menu leaves such an action out, and the
 * write path refuses it when staff or a patron ask for it anyway.
 */
export function hidingRule(
  snapshot: WorkflowSnapshot,
  target: Target,
  config: ActionMenuConfig,
  action: ActionId,
): HiddenAction | null {
  return hidingRuleAt(config, action, [menuStatus(snapshot), itemStatus(snapshot, target)]);
}

function localActionApplies(
  definition: LocalActionDefinition,
  snapshot: WorkflowSnapshot,
  keys: readonly StatusKey[],
): boolean {
  const party = snapshot.kind === 'lending' ? 'responder' : 'requester';
  if (definition.party !== party) return false;
  return definition.statuses.length === 0 || definition.statuses.some((status) => keys.includes(status));
}

/**
 * The actions this viewer may take now, in the library's order for the request's status. Protocol
 * actions come from the transition table; a staff user needs the `ill` permission for them and the
 * action's own permission for a locally-defined action. Patrons see only the actions patrons may take.
 */
export function actionMenu(snapshot: WorkflowSnapshot, viewer: Viewer, config: ActionMenuConfig): MenuItem[] {
  const status = menuStatus(snapshot);
  const items: MenuItem[] = [];
  for (const target of menuTargets(snapshot)) {
    const keys = [status, itemStatus(snapshot, target)];
    for (const action of ACTION_IDS) {
      const definition = ACTIONS[action];
      if (!definition.actors.includes(viewer.actor) || !allowedFor(viewer, ILL_PERMISSION)) continue;
      if (isHidden(config, action, keys)) continue;
      const event = { trigger: 'action', action, actor: viewer.actor, data: {} } as const;
      if ('refusal' in matchEdge(snapshot, target, event)) continue;
      items.push({
        id: action,
        kind: 'protocol',
        target,
        ...(definition.vdxName !== undefined ? { vdxName: definition.vdxName } : {}),
        ...(definition.kohaName !== undefined ? { kohaName: definition.kohaName } : {}),
        ...(definition.isoName !== undefined ? { isoName: definition.isoName } : {}),
        fields: definition.fields,
      });
    }
  }
  if (viewer.actor === 'staff') {
    for (const local of config.localActions) {
      const id: MenuActionId = `local:${local.id}`;
      if (!localActionApplies(local, snapshot, [status]) || !viewer.permissions.has(local.permission))
        continue;
      if (isHidden(config, id, [status])) continue;
      items.push({
        id,
        kind: 'local',
        target: null,
        localName: local.name,
        fields: [{ name: 'note', type: 'text', required: false }],
      });
    }
  }
  return orderItems(items, config, status);
}

function orderItems(items: MenuItem[], config: ActionMenuConfig, status: StatusKey): MenuItem[] {
  const order = config.order.find((entry) => entry.status === status)?.actions ?? [];
  const rank = (item: MenuItem): number => {
    const position = order.indexOf(item.id);
    return position < 0 ? order.length : position;
  };
  // Array.prototype.sort is stable: actions the library did not order keep the default order.
  return [...items].sort((a, b) => rank(a) - rank(b));
}

/** Why a locally-defined action cannot be taken. */
export type LocalActionRefusal = {
  readonly ok: false;
  readonly reason: 'unknown' | 'not_at_status' | 'permission_missing' | 'hidden';
};

/**
 * Take a locally-defined action: no status changes and nothing goes to the partner. The decision
 * records the action in the history (a transition from the status to itself), a private note if one
 * is given, and the user alert when the action is configured to send one.
 */
export function decideLocalAction(
  snapshot: WorkflowSnapshot,
  config: ActionMenuConfig,
  localActionId: string,
  viewer: Viewer,
  data: EventData,
): Decision | LocalActionRefusal {
  const definition = config.localActions.find((local) => local.id === localActionId);
  if (definition === undefined) return { ok: false, reason: 'unknown' };
  const status = menuStatus(snapshot);
  if (!localActionApplies(definition, snapshot, [status])) return { ok: false, reason: 'not_at_status' };
  if (viewer.actor !== 'staff' || !viewer.permissions.has(definition.permission)) {
    return { ok: false, reason: 'permission_missing' };
  }
  if (isHidden(config, `local:${definition.id}`, [status])) return { ok: false, reason: 'hidden' };

  const state = snapshot.kind === 'lending' ? snapshot.transaction.state : snapshot.status;
  const outputs: Output[] = [];
  if (data.note !== undefined && data.note.trim() !== '') {
    outputs.push({ output: 'note', visibility: 'private', rotaIndex: null, text: data.note });
  }
  if (definition.userAlert !== null && snapshot.kind === 'borrowing') {
    outputs.push({
      output: 'notice',
      audience: 'patron',
      notice: 'user-alert',
      data: {
        patronNote: definition.userAlert.patronNote,
        ...(data.note !== undefined ? { note: data.note } : {}),
      },
    });
  }
  return {
    ok: true,
    snapshot,
    transitions: [
      {
        machine: snapshot.kind === 'lending' ? 'responder' : 'request',
        rotaIndex: null,
        edgeId: `local:${definition.id}`,
        event: { trigger: 'local-action', localActionId: definition.id, actor: 'staff', data },
        from: state,
        to: state,
      },
    ],
    outputs,
  };
}
