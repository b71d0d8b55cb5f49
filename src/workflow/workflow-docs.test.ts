import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from './transitions.ts';
import { describeWorkflow } from './workflow-description.ts';
import { renderWorkflowMarkdown } from './workflow-docs.ts';

const DOC_PATH = new URL('../../docs/workflow.md', import.meta.url);
const description = describeWorkflow();
const rendered = renderWorkflowMarkdown();

/** Text as it stands in a Markdown table cell. */
const inCell = (text: string): string => text.replace(/\|/g, '\\|');

/** The first line where two texts differ, for a short failure message. */
function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, index) => text !== right[index]);
  const at = line < 0 ? left.length : line;
  return `line ${at + 1}:\n  committed: ${right[at] ?? '(end of file)'}\n  generated: ${left[at] ?? '(end of file)'}`;
}

/** The cells of a Markdown table row, splitting on `|` that is not escaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/);
}

interface MermaidBlock {
  readonly states: Map<string, string>;
  readonly arrows: { from: string; to: string; label: string | null; line: string }[];
  readonly malformed: string[];
}

const STATE_LINE = /^ {2}state "([^"]+)" as ([a-z][a-z0-9_]*)$/;
const ARROW_LINE = /^ {2}(\[\*\]|[a-z][a-z0-9_]*) --> (\[\*\]|[a-z][a-z0-9_]*)(?: : (.*))?$/;

function mermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks = [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  return blocks.map((block) => {
    const [header, ...lines] = block.trimEnd().split('\n');
    const states = new Map<string, string>();
    const arrows: MermaidBlock['arrows'] = [];
    const malformed = header === 'stateDiagram-v2' ? [] : [`header: ${header}`];
    for (const line of lines) {
      const state = STATE_LINE.exec(line);
      const arrow = ARROW_LINE.exec(line);
      if (state) states.set(state[2] ?? '', state[1] ?? '');
      else if (arrow)
        arrows.push({ from: arrow[1] ?? '', to: arrow[2] ?? '', label: arrow[3] ?? null, line });
      else malformed.push(line);
    }
    return { states, arrows, malformed };
  });
}

describe('docs/workflow.md', () => {
  it('is the document the transition table gives (run `npm run docs:workflow` when this fails)', () => {
    const committed = readFileSync(DOC_PATH, 'utf8');
    if (committed !== rendered) {
      expect.fail(
        `docs/workflow.md is out of date: run \`npm run docs:workflow\` and commit it. First difference at ` +
          firstDifference(rendered, committed),
      );
    }
  });

  it('is rendered the same way every time', () => {
    expect(renderWorkflowMarkdown()).toBe(rendered);
  });

  it('names every edge of the table by its id', () => {
    const missing = TRANSITIONS.filter((edge) => !rendered.includes(`\`${inCell(edge.id)}\``));
    expect(missing.map((edge) => edge.id)).toEqual([]);
  });

  it("gives every action's VDX and Koha names exactly as the texts write them", () => {
    for (const action of description.actions) {
      expect(rendered).toContain(`| \`${action.id}\` | ${action.vdxName ?? ''} | ${action.kohaName ?? ''} |`);
    }
    expect(rendered).toContain('#### Answer Will Supply (`answer-will-supply`)');
    expect(rendered).toContain('#### Conditional-Reply No (`conditional-reply-no`)');
    expect(rendered).toContain('#### Place request with partners (`place-request-with-partners`)');
  });

  it('lists every state of every machine by its source name', () => {
    for (const machine of description.machines) {
      for (const state of machine.states) {
        expect(rendered).toContain(`| ${inCell(state.sourceName)} | \`${state.id}\` |`);
      }
    }
  });

  it('lists every edge with a design decision under Design decisions', () => {
    const decisions = rendered.slice(rendered.indexOf('\n## Design decisions\n'));
    const withDecision = TRANSITIONS.filter((edge) => edge.basis.decision !== undefined);
    expect(withDecision.length).toBeGreaterThan(0);
    for (const edge of withDecision) {
      expect(decisions).toContain(`\`${inCell(edge.id)}\``);
      expect(decisions).toContain(inCell(edge.basis.decision ?? ''));
    }
  });

  it('writes tables whose rows all have as many cells as their header', () => {
    const problems: string[] = [];
    const lines = rendered.split('\n');
    lines.forEach((line, index) => {
      if (!line.startsWith('| ') || !lines[index + 1]?.startsWith('| --- ')) return;
      const width = cells(line).length;
      for (let row = index + 2; lines[row]?.startsWith('|'); row++) {
        const count = cells(lines[row] ?? '').length;
        if (count !== width) problems.push(`line ${row + 1}: ${count} cells, header has ${width}`);
      }
    });
    expect(problems).toEqual([]);
  });

  describe('Mermaid diagrams', () => {
    const blocks = mermaidBlocks(rendered);

    it('draws one well-formed stateDiagram-v2 per machine', () => {
      expect(blocks).toHaveLength(description.machines.length);
      for (const block of blocks) expect(block.malformed).toEqual([]);
    });

    it('declares every state by its source name and draws arrows only between declared states', () => {
      description.machines.forEach((machine, index) => {
        const block = blocks[index];
        expect(block).toBeDefined();
        if (!block) return;
        expect([...block.states]).toEqual(
          machine.states.map((state) => [
            state.id,
            state.sourceName.replace(/[#;:"<>{}|]/g, (c) => `#${c.charCodeAt(0)};`),
          ]),
        );
        for (const arrow of block.arrows) {
          for (const end of [arrow.from, arrow.to]) {
            if (end !== '[*]') expect(block.states.has(end), arrow.line).toBe(true);
          }
        }
      });
    });

    it('labels every arrow between states with event names, none empty and none unescaped', () => {
      for (const block of blocks) {
        for (const arrow of block.arrows) {
          if (arrow.from === '[*]' || arrow.to === '[*]') continue;
          expect(arrow.label, arrow.line).not.toBeNull();
          const names = (arrow.label ?? '').split(', ');
          expect(
            names.every((name) => name.trim().length > 0),
            arrow.line,
          ).toBe(true);
          expect(/[:;"<>{}|]|#(?!\d+;)/.test(arrow.label ?? ''), arrow.line).toBe(false);
        }
      }
    });

    it('draws one arrow per from→to pair of the edges that change state, and none for stays-edges', () => {
      description.machines.forEach((machine, index) => {
        const pairs = new Set(
          description.edges
            .filter((edge) => edge.machine === machine.id && edge.to !== null)
            .flatMap((edge) => edge.from.map((from) => `${from} --> ${edge.to}`)),
        );
        const drawn = (blocks[index]?.arrows ?? [])
          .filter((arrow) => arrow.from !== '[*]' && arrow.to !== '[*]')
          .map((arrow) => `${arrow.from} --> ${arrow.to}`);
        expect(drawn).toHaveLength(new Set(drawn).size);
        expect(new Set(drawn)).toEqual(pairs);
      });
    });

    it('starts each diagram at the initial state and ends it at the terminal states', () => {
      description.machines.forEach((machine, index) => {
        const arrows = blocks[index]?.arrows ?? [];
        expect(arrows.filter((arrow) => arrow.from === '[*]').map((arrow) => arrow.to)).toEqual([
          machine.initialState,
        ]);
        expect(arrows.filter((arrow) => arrow.to === '[*]').map((arrow) => arrow.from)).toEqual(
          machine.states.filter((state) => state.terminal).map((state) => state.id),
        );
      });
    });
  });
});
