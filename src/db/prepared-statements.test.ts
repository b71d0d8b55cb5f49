import { describe, expect, it } from 'vitest';
import { CUSTOM_PLAN_MARK, StatementNames } from './prepared-statements.ts';

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
});
