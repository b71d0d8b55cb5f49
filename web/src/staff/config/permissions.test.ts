import { describe, expect, it } from 'vitest';
import { canGrant, inChoiceOrder, permissionChoices } from './permissions.ts';

describe('permissions staff can give', () => {
  it('lets staff give what they hold, and configure give every local action', () => {
    expect(canGrant(['ill', 'manage-users'], 'ill')).toBe(true);
    expect(canGrant(['ill', 'manage-users'], 'configure')).toBe(false);
    expect(canGrant(['manage-users'], 'local:bindery')).toBe(false);
    expect(canGrant(['manage-users', 'local:bindery'], 'local:bindery')).toBe(true);
    expect(canGrant(['configure'], 'local:bindery')).toBe(true);
  });

  it('offers the fixed permissions, each local action, and any other local permission already held', () => {
    expect(permissionChoices(['bindery'], ['ill', 'local:gone'])).toEqual([
      'ill',
      'configure',
      'manage-users',
      'local:bindery',
      'local:gone',
    ]);
  });

  it('orders chosen permissions as the choices are listed', () => {
    expect(inChoiceOrder(['local:bindery', 'ill', 'ill'], ['ill', 'configure', 'local:bindery'])).toEqual([
      'ill',
      'local:bindery',
    ]);
  });
});
