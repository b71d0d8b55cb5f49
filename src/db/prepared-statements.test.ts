import { describe, expect, it } from 'vitest';
import {
  CUSTOM_PLAN_MARK,
  StatementNames,
  inTransactionAfter,
  isStaleResultType,
} from './prepared-statements.ts';

describe('the names of prepared statements', () => {
  it('gives a statement with parameters a name, the same one every time', () => {
    const names = new StatementNames();
    const name = names.nameFor('select * from request where id = $1', 1);
    expect(name).toMatch(/^il_[0-9a-f]{24}$/);
    expect(names.nameFor('select * from request where id = $1', 1)).toBe(name);
    expect(names.size).toBe(1);
  });

  it('gives different texts different names, and the same text the same name on every connection', () => {
    const first = new StatementNames();
    const second = new StatementNames();
    const byId = first.nameFor('select * from request where id = $1', 1);
    expect(first.nameFor('select * from request where number = $1', 1)).not.toBe(byId);
    expect(second.nameFor('select * from request where id = $1', 1)).toBe(byId);
  });

  it('leaves statements without parameters unnamed, as transaction control is', () => {
    const names = new StatementNames();
    expect(names.nameFor('begin', 0)).toBeUndefined();
    expect(names.nameFor('select 1', 0)).toBeUndefined();
    expect(names.size).toBe(0);
  });

  it('leaves a statement marked for a custom plan unnamed, wherever the mark is', () => {
    const names = new StatementNames();
    expect(names.nameFor(`${CUSTOM_PLAN_MARK} select * from request where title = $1`, 1)).toBeUndefined();
    expect(names.nameFor(`select ${CUSTOM_PLAN_MARK} * from patron where name ilike $1`, 1)).toBeUndefined();
    expect(names.size).toBe(0);
  });

  it('names no new text once the connection holds its limit, and keeps naming the ones it has', () => {
    const names = new StatementNames(2);
    const first = names.nameFor('select $1::int', 1);
    expect(names.nameFor('select $1::text', 1)).toBeDefined();
    expect(names.nameFor('select $1::date', 1)).toBeUndefined();
    expect(names.nameFor('select $1::int', 1)).toBe(first);
    expect(names.size).toBe(2);
  });

  it('gives a renewed text a new name, and leaves a text it never named alone', () => {
    const names = new StatementNames();
    const first = names.nameFor('select * from request where id = $1', 1);
    names.renew('select * from request where id = $1');
    const second = names.nameFor('select * from request where id = $1', 1);
    expect(second).toBe(`${first}_1`);
    names.renew('select * from request where id = $1');
    expect(names.nameFor('select * from request where id = $1', 1)).toBe(`${first}_2`);
    names.renew('select 1');
    expect(names.nameFor('select 1', 0)).toBeUndefined();
  });
});

describe('a stale prepared statement', () => {
  const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('is PostgreSQL’s refusal of a changed result type, and nothing else', () => {
    expect(isStaleResultType(failure('0A000', 'cached plan must not change result type'))).toBe(true);
    expect(isStaleResultType(failure('0A000', 'FOR UPDATE cannot be applied to the nullable side'))).toBe(
      false,
    );
    expect(isStaleResultType(failure('23505', 'cached plan must not change result type'))).toBe(false);
    expect(isStaleResultType('cached plan must not change result type')).toBe(false);
  });
});

describe('whether a connection is in a transaction', () => {
  it('follows Kysely’s begin, start transaction, commit and rollback', () => {
    expect(inTransactionAfter('begin', false)).toBe(true);
    expect(inTransactionAfter('start transaction isolation level serializable', false)).toBe(true);
    expect(inTransactionAfter('select 1', true)).toBe(true);
    expect(inTransactionAfter('commit', true)).toBe(false);
    expect(inTransactionAfter('rollback', true)).toBe(false);
    expect(inTransactionAfter('select 1', false)).toBe(false);
  });

  it('stays in the transaction through savepoints and their rollbacks', () => {
    expect(inTransactionAfter('savepoint "sp1"', true)).toBe(true);
    expect(inTransactionAfter('rollback to savepoint "sp1"', true)).toBe(true);
    expect(inTransactionAfter('release savepoint "sp1"', true)).toBe(true);
  });
});
