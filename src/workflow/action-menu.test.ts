import { describe, expect, it } from 'vitest';
import {
  actionMenu,
  decideLocalAction,
  DEFAULT_MENU_CONFIG,
  ILL_PERMISSION,
  menuStatus,
} from './action-menu.ts';
import type { ActionMenuConfig, LocalActionDefinition, Viewer } from './action-menu.ts';
import { borrowing, entry, lending, partner, requesterTx, responderTx } from './testing/fixtures.ts';

const staff: Viewer = { actor: 'staff', permissions: new Set([ILL_PERMISSION]) };
const patron: Viewer = { actor: 'patron', permissions: new Set() };

function localAction(overrides: Partial<LocalActionDefinition> = {}): LocalActionDefinition {
  return {
    id: 'notify-faculty',
    name: 'Notify faculty liaison',
    party: 'requester',
    statuses: [],
    permission: 'local:notify-faculty',
    userAlert: null,
    ...overrides,
  };
}

function ids(items: ReturnType<typeof actionMenu>): string[] {
  return items.map((item) => `${item.id}@${item.target === null ? 'request' : item.target.rotaIndex}`);
}

describe('the action menu', () => {
  it('offers a New request’s Koha actions to staff with the ill permission', () => {
    const menu = ids(actionMenu(borrowing(), staff, DEFAULT_MENU_CONFIG));
    expect(menu).toEqual(
      expect.arrayContaining([
        'confirm@request',
        'place-request-with-partners@request',
        'delete@request',
        'terminate-request@request',
      ]),
    );
    expect(menu).not.toContain('revert@request');
  });

  it('offers nothing to staff without the ill permission', () => {
    expect(actionMenu(borrowing(), { actor: 'staff', permissions: new Set() }, DEFAULT_MENU_CONFIG)).toEqual(
      [],
    );
  });

  it('offers a patron only cancellation and editing of their New request', () => {
    expect(ids(actionMenu(borrowing(), patron, DEFAULT_MENU_CONFIG)).sort()).toEqual([
      'local-change-request-details@request',
      'request-cancellation@request',
    ]);
  });

  it('offers the current transaction’s actions with the request’s own', () => {
    const tx = requesterTx('pending');
    const menu = ids(
      actionMenu(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        staff,
        DEFAULT_MENU_CONFIG,
      ),
    );
    expect(menu).toEqual(
      expect.arrayContaining([
        'cancel@0',
        'send-public-note@0',
        'revert@request',
        'terminate-request@request',
      ]),
    );
    expect(menu).not.toContain('received@request');
  });

  it('offers each live partner transaction’s actions when several partners were asked', () => {
    const snapshot = borrowing({
      status: 'requested_from_partners',
      rota: [entry('pending', partner('email')), entry('pending', partner('email'))],
    });
    const menu = ids(actionMenu(snapshot, staff, DEFAULT_MENU_CONFIG));
    expect(menu).toEqual(
      expect.arrayContaining(['informed-shipped@0', 'informed-shipped@1', 'informed-not-supplied@1']),
    );
  });

  it('shows the lender’s answers at In Process', () => {
    const menu = ids(actionMenu(lending(responderTx('in_process')), staff, DEFAULT_MENU_CONFIG));
    expect(menu).toEqual(
      expect.arrayContaining([
        'answer-will-supply@request',
        'answer-conditional@request',
        'shipped@request',
        'answer-nonsupply@request',
      ]),
    );
  });

  it('hides an action at one status, or at every status, from all staff users', () => {
    const config: ActionMenuConfig = {
      ...DEFAULT_MENU_CONFIG,
      hidden: [
        { action: 'answer-hold', status: null },
        { action: 'answer-locations-provided', status: 'responder:in_process' },
      ],
    };
    const menu = ids(actionMenu(lending(responderTx('in_process')), staff, config));
    expect(menu).not.toContain('answer-hold@request');
    expect(menu).not.toContain('answer-locations-provided@request');
    expect(menu).toContain('answer-will-supply@request');
  });

  it('lists actions in the library’s order for the status, the others after in the default order', () => {
    const config: ActionMenuConfig = {
      ...DEFAULT_MENU_CONFIG,
      order: [{ status: 'responder:in_process', actions: ['shipped', 'answer-will-supply'] }],
    };
    const menu = actionMenu(lending(responderTx('in_process')), staff, config).map((item) => item.id);
    expect(menu.slice(0, 2)).toEqual(['shipped', 'answer-will-supply']);
    const defaultOrder = actionMenu(lending(responderTx('in_process')), staff, DEFAULT_MENU_CONFIG)
      .map((item) => item.id)
      .filter((id) => id !== 'shipped' && id !== 'answer-will-supply');
    expect(menu.slice(2)).toEqual(defaultOrder);
  });

  it('shows a locally-defined action only at its statuses and to staff granted its permission', () => {
    const config: ActionMenuConfig = {
      ...DEFAULT_MENU_CONFIG,
      localActions: [localAction({ statuses: ['requester:received'] })],
    };
    const granted: Viewer = {
      actor: 'staff',
      permissions: new Set([ILL_PERMISSION, 'local:notify-faculty']),
    };
    const received = requesterTx('received');
    const atReceived = borrowing({
      status: 'requested',
      rota: [{ partner: received.partner, transaction: received }],
    });
    expect(ids(actionMenu(atReceived, granted, config))).toContain('local:notify-faculty@request');
    expect(ids(actionMenu(atReceived, staff, config))).not.toContain('local:notify-faculty@request');
    const pending = requesterTx('pending');
    const atPending = borrowing({
      status: 'requested',
      rota: [{ partner: pending.partner, transaction: pending }],
    });
    expect(ids(actionMenu(atPending, granted, config))).not.toContain('local:notify-faculty@request');
    expect(ids(actionMenu(lending(responderTx('in_process')), granted, config))).not.toContain(
      'local:notify-faculty@request',
    );
  });

  it('keys the menu by the current transaction’s state, or the request’s status when none', () => {
    expect(menuStatus(borrowing())).toBe('request:new');
    const tx = requesterTx('shipped');
    expect(
      menuStatus(borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] })),
    ).toBe('requester:shipped');
    expect(menuStatus(lending(responderTx('conditional')))).toBe('responder:conditional');
  });
});

describe('a locally-defined action', () => {
  const granted: Viewer = { actor: 'staff', permissions: new Set(['local:notify-faculty']) };

  it('records itself without changing any status, with a private note and the configured user alert', () => {
    const config: ActionMenuConfig = {
      ...DEFAULT_MENU_CONFIG,
      localActions: [localAction({ userAlert: { patronNote: 'Your liaison librarian has been told.' } })],
    };
    const snapshot = borrowing();
    const decision = decideLocalAction(snapshot, config, 'notify-faculty', granted, {
      note: 'Emailed Dr Ruiz',
    });
    if (!decision.ok) throw new Error('refused');
    expect(decision.snapshot).toBe(snapshot);
    expect(decision.transitions).toEqual([
      expect.objectContaining({ edgeId: 'local:notify-faculty', from: 'new', to: 'new', machine: 'request' }),
    ]);
    expect(decision.outputs).toEqual([
      { output: 'note', visibility: 'private', rotaIndex: null, text: 'Emailed Dr Ruiz' },
      expect.objectContaining({ output: 'notice', audience: 'patron', notice: 'user-alert' }),
    ]);
    expect(decision.outputs.some((output) => output.output === 'message')).toBe(false);
  });

  it('is refused without its permission, away from its statuses, or when unknown', () => {
    const config: ActionMenuConfig = {
      ...DEFAULT_MENU_CONFIG,
      localActions: [localAction({ statuses: ['request:requested'] })],
    };
    expect(decideLocalAction(borrowing(), config, 'notify-faculty', granted, {})).toEqual({
      ok: false,
      reason: 'not_at_status',
    });
    const requested = borrowing({ status: 'requested', rota: [] });
    expect(decideLocalAction(requested, config, 'notify-faculty', staff, {})).toEqual({
      ok: false,
      reason: 'permission_missing',
    });
    expect(decideLocalAction(requested, config, 'no-such-action', granted, {})).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(decideLocalAction(requested, config, 'notify-faculty', granted, {}).ok).toBe(true);
  });
});
