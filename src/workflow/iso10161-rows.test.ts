/**
 * Every row the ISO 10161 reconstruction marks L (low confidence) is accounted for: taken by an edge
 * that names it in its basis, or listed among the declined rows with the reason. The reference is read
 * from the copy in `test/fixtures/iso10161/`, so a row added there without a decision fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECLINED_ROWS } from './declined-rows.ts';
import { TRANSITIONS } from './transitions.ts';
import type { Edge, EventMatch } from './transitions.ts';

const REFERENCE = readFileSync(
  new URL('../../test/fixtures/iso10161/state-tables.md', import.meta.url),
  'utf8',
);

interface ReferenceRow {
  readonly key: string;
  readonly low: boolean;
}

/** A cell as rows are named: markdown emphasis, `*(opt)*` and escaped pipes removed. */
function clean(cell: string): string {
  return cell
    .replace(/\*\(opt\)\*/g, '')
    .replace(/\*\*/g, '')
    .replace(/\\\|/g, '|')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of the states table (§2), the general rules (§4), both state tables (§5, §6) and the rota (§10.2). */
function referenceRows(markdown: string): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  let section: string | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (heading) section = heading[1] ?? null;
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
    const low = (conf: string | undefined) => /(^|[^A-Za-z])L([^A-Za-z]|$)/.test(conf ?? '');
    switch (section) {
      case '2':
        if (/^\d+$|^–$/.test(cells[0] ?? ''))
          rows.push({ key: `§2 ${clean(cells[1] ?? '')}`, low: low(cells[3]) });
        break;
      case '4':
        if (/^G\d+$/.test(cells[0] ?? '')) rows.push({ key: `§4 ${cells[0]}`, low: low(cells.at(-1)) });
        break;
      case '5':
      case '6':
        if (cells[0] !== 'From')
          rows.push({
            key: `§${section} ${clean(cells[0] ?? '')} ${clean(cells[1] ?? '')}`,
            low: low(cells.at(-1)),
          });
        break;
      case '10.2':
        if (cells[0] !== 'Trigger (current transaction)')
          rows.push({ key: `§10.2 ${clean(cells[0] ?? '')}`, low: low(cells.at(-1)) });
        break;
      default:
        break;
    }
  }
  return rows;
}

const ROWS = referenceRows(REFERENCE);
const LOW = ROWS.filter((row) => row.low).map((row) => row.key);
const TAKEN = new Map<string, Edge[]>();
for (const edge of TRANSITIONS) {
  for (const row of edge.basis.rows ?? []) TAKEN.set(row, [...(TAKEN.get(row) ?? []), edge]);
}
const DECLINED = new Map(DECLINED_ROWS.map((row) => [row.row, row]));

function sameEvent(a: EventMatch, b: EventMatch): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('the ISO 10161 rows marked L', () => {
  it('are read from the reference: rows of both state tables, the states, the general rules and the rota', () => {
    expect(LOW).toEqual(
      expect.arrayContaining([
        '§2 RENEW-OVERDUE',
        '§4 G9',
        '§5 CONDITIONAL CAN.req',
        '§5 NOT-RECEIVED-OVERDUE RET.req',
        '§6 CANCEL-PENDING ANS.req(UN|RY|LP|ES)',
        '§6 RENEW-PENDING RCL.req',
        '§10.2 ANS(LP) with locations',
      ]),
    );
    // The reference marks 29 rows L: a parser that silently skipped some would fail here.
    expect(LOW).toHaveLength(29);
    expect(new Set(ROWS.filter((row) => row.low).map((row) => row.key)).size).toBe(LOW.length);
  });

  it('are each taken by an edge or declined with a reason, never both', () => {
    for (const row of LOW) {
      const taken = TAKEN.has(row);
      const declined = DECLINED.has(row);
      expect({ row, accounted: taken !== declined }).toEqual({ row, accounted: true });
    }
  });

  it('are taken only by edges that record the decision they took', () => {
    for (const [row, edges] of TAKEN) {
      for (const edge of edges) {
        expect({ row, edge: edge.id, decision: (edge.basis.decision?.length ?? 0) > 20 }).toEqual({
          row,
          edge: edge.id,
          decision: true,
        });
      }
    }
  });
});

describe('the declined rows', () => {
  it('name only rows of the reference, and every edge names only low-confidence rows of it', () => {
    const all = new Set(ROWS.map((row) => row.key));
    for (const row of DECLINED_ROWS)
      expect({ row: row.row, known: all.has(row.row) }).toEqual({ row: row.row, known: true });
    for (const row of TAKEN.keys()) expect({ row, low: LOW.includes(row) }).toEqual({ row, low: true });
  });

  it('give a reason for each, and list each row once', () => {
    for (const row of DECLINED_ROWS) expect(row.reason.length).toBeGreaterThan(40);
    expect(DECLINED.size).toBe(DECLINED_ROWS.length);
  });

  it('include the ones the texts leave open: Cancel at Conditional, Returned before receipt, the lender’s answers at Cancel Pending and Recall at Renew Pending, and the lender states folded into Shipped', () => {
    for (const row of [
      '§5 CONDITIONAL CAN.req',
      '§5 NOT-RECEIVED-OVERDUE RET.req',
      '§6 CANCEL-PENDING ANS.req(UN|RY|LP|ES)',
      '§6 RENEW-PENDING RCL.req',
      '§6 OVERDUE REN.ind',
      '§6 OVERDUE RCL.req',
      '§6 RECALL REN.ind',
      '§2 RENEW-OVERDUE',
    ]) {
      expect({ row, kind: DECLINED.get(row)?.kind }).toEqual({ row, kind: 'declined' });
    }
  });

  it('record FORWARD and Forward-Notification, which ISO 18626 cannot carry, wherever the reference has them', () => {
    const forward = ROWS.map((row) => row.key).filter((key) => /FWD|FWN|FORWARD/.test(key));
    expect(forward.length).toBeGreaterThanOrEqual(5);
    for (const row of forward) {
      expect({ row, kind: DECLINED.get(row)?.kind }).toEqual({ row, kind: 'declined' });
      expect(DECLINED.get(row)?.reason).toMatch(/ISO 18626 has no forward message/);
    }
  });

  it('are not edges: the table has no edge for a declined or refused event', () => {
    const withEvents = DECLINED_ROWS.filter((row) => row.event !== undefined);
    expect(withEvents.length).toBeGreaterThanOrEqual(5);
    for (const { row, event } of withEvents) {
      if (event === undefined) continue;
      const edges = TRANSITIONS.filter(
        (edge) =>
          edge.machine === event.machine &&
          sameEvent(edge.on, event.on) &&
          edge.from.some((state) => event.from.includes(state)),
      ).map((edge) => edge.id);
      expect({ row, edges }).toEqual({ row, edges: [] });
    }
  });
});
