import { describe, expect, it } from 'vitest';
import { describeWorkflow } from '../../../../src/workflow/workflow-description.ts';
import {
  allMenuActions,
  applyHiddenEverywhere,
  applyRows,
  defaultActions,
  menuStatuses,
  moveRow,
  rowsForStatus,
  type MenuLocalAction,
} from './action-menu-model.ts';
import type { ActionMenuSettings } from './api-types.ts';

const workflow = describeWorkflow();
const none: ActionMenuSettings = { hidden: [], order: [] };
const phone: MenuLocalAction = { id: 'phone-patron', party: 'requester', statuses: ['requester:shipped'] };
const everywhere: MenuLocalAction = { id: 'bindery', party: 'responder', statuses: [] };

describe('the actions that may show at a status', () => {
  it('lists a new request’s own actions for staff, in the catalogue’s order, without patron-only ones', () => {
    const actions = defaultActions(workflow, 'request:new', []);
    expect(actions.slice(0, 3)).toEqual(['confirm', 'place-request-with-partners', 'delete']);
    expect(actions).toContain('terminate-request');
    expect(actions).not.toContain('request-cancellation');
    expect(actions).not.toContain('received');
  });

  it('lists the request’s own actions first, then the transaction’s, at a borrowing transaction’s status', () => {
    const actions = defaultActions(workflow, 'requester:shipped', []);
    expect(actions).toContain('terminate-request');
    expect(actions).toContain('received');
    expect(actions).toContain('returned');
    expect(actions.indexOf('terminate-request')).toBeLessThan(actions.indexOf('received'));
    expect(actions).not.toContain('shipped');
  });

  it('lists a lender’s actions at a lending status, and no borrowing ones', () => {
    const actions = defaultActions(workflow, 'responder:in_process', []);
    expect(actions).toContain('shipped');
    expect(actions).toContain('answer-will-supply');
    expect(actions).not.toContain('received');
  });

  it('adds the local actions of the party offered at the status, at the end', () => {
    expect(defaultActions(workflow, 'requester:shipped', [phone, everywhere]).at(-1)).toBe(
      'local:phone-patron',
    );
    expect(defaultActions(workflow, 'requester:pending', [phone])).not.toContain('local:phone-patron');
    expect(defaultActions(workflow, 'responder:shipped', [phone, everywhere]).at(-1)).toBe('local:bindery');
  });

  it('offers only statuses at which some action may show, machine by machine', () => {
    const statuses = menuStatuses(workflow, []);
    expect(statuses[0]).toBe('request:new');
    expect(statuses).toContain('requester:pending');
    expect(statuses).toContain('responder:in_process');
    expect(statuses).not.toContain('request:deleted');
  });

  it('lists every action staff take, then the local actions, for hiding everywhere', () => {
    const all = allMenuActions(workflow, [phone]);
    expect(all).toContain('cancel');
    expect(all).not.toContain('request-cancellation');
    expect(all.at(-1)).toBe('local:phone-patron');
  });
});

describe('editing the menu at one status', () => {
  const defaults = ['received', 'returned', 'lost', 'local:phone-patron'];

  it('puts the library’s order first and the rest after it in the default order', () => {
    const settings: ActionMenuSettings = {
      hidden: [
        { action: 'lost', status: 'requester:shipped' },
        { action: 'returned', status: null },
      ],
      order: [{ status: 'requester:shipped', actions: ['local:phone-patron', 'lost'] }],
    };
    expect(rowsForStatus(settings, 'requester:shipped', defaults)).toEqual([
      { id: 'local:phone-patron', shown: true, hiddenEverywhere: false },
      { id: 'lost', shown: false, hiddenEverywhere: false },
      { id: 'received', shown: true, hiddenEverywhere: false },
      { id: 'returned', shown: true, hiddenEverywhere: true },
    ]);
  });

  it('moves a line up or down, and not past either end', () => {
    const rows = rowsForStatus(none, 'requester:shipped', defaults);
    expect(moveRow(rows, 2, -1).map((row) => row.id)).toEqual([
      'received',
      'lost',
      'returned',
      'local:phone-patron',
    ]);
    expect(moveRow(rows, 0, 1).map((row) => row.id)).toEqual([
      'returned',
      'received',
      'lost',
      'local:phone-patron',
    ]);
    expect(moveRow(rows, 0, -1).map((row) => row.id)).toEqual(defaults);
    expect(moveRow(rows, 3, 1).map((row) => row.id)).toEqual(defaults);
  });

  it('writes the order and the hidden actions of the status, leaving other statuses alone', () => {
    const settings: ActionMenuSettings = {
      hidden: [
        { action: 'cancel', status: 'requester:pending' },
        { action: 'damaged', status: 'requester:shipped' },
        { action: 'renew', status: null },
      ],
      order: [{ status: 'requester:pending', actions: ['cancel'] }],
    };
    const rows = moveRow(rowsForStatus(settings, 'requester:shipped', defaults), 2, -1).map((row) =>
      row.id === 'returned' ? { ...row, shown: false } : row,
    );
    expect(applyRows(settings, 'requester:shipped', rows, defaults)).toEqual({
      hidden: [
        { action: 'cancel', status: 'requester:pending' },
        { action: 'damaged', status: 'requester:shipped' },
        { action: 'renew', status: null },
        { action: 'returned', status: 'requester:shipped' },
      ],
      order: [
        { status: 'requester:pending', actions: ['cancel'] },
        { status: 'requester:shipped', actions: ['received', 'lost', 'returned', 'local:phone-patron'] },
      ],
    });
  });

  it('drops the status’s order when the lines are back in the default order', () => {
    const settings: ActionMenuSettings = {
      hidden: [],
      order: [{ status: 'requester:shipped', actions: ['lost'] }],
    };
    const rows = rowsForStatus(none, 'requester:shipped', defaults);
    expect(applyRows(settings, 'requester:shipped', rows, defaults)).toEqual({ hidden: [], order: [] });
  });

  it('replaces only the actions hidden everywhere', () => {
    const settings: ActionMenuSettings = {
      hidden: [
        { action: 'cancel', status: 'requester:pending' },
        { action: 'renew', status: null },
      ],
      order: [],
    };
    expect(applyHiddenEverywhere(settings, new Set(['damaged']))).toEqual({
      hidden: [
        { action: 'cancel', status: 'requester:pending' },
        { action: 'damaged', status: null },
      ],
      order: [],
    });
  });
});
