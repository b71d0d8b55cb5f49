/**
 * Renders `docs/workflow.md` from the workflow description: an introduction, per machine its states,
 * a Mermaid state diagram and its edges, then the actions, messages, timers, guards, effects and the
 * design decisions recorded in the table. Written by `npm run docs:workflow`; a test fails while the
 * committed file and the table disagree. The output depends on nothing but the table (no dates).
 */
import type { Machine } from './vocabulary.ts';
import { describeWorkflow } from './workflow-description.ts';
import type {
  ActionDescription,
  ActionFieldDescription,
  DeclinedRowDescription,
  EdgeDescription,
  MachineDescription,
  WorkflowDescription,
} from './workflow-description.ts';

/** What the prose calls each machine, and what it is. */
const MACHINE_PROSE: Readonly<Record<Machine, { title: string; party: string; intro: string }>> = {
  request: {
    title: 'The borrowing request',
    party: 'the borrowing request',
    intro:
      "A borrowing library's request: Koha's ILL request lifecycle, with VDX's request-level End of Rota " +
      'and Terminated. It holds the rota, the locations the request is sent to in turn, each with at most ' +
      'one transaction. It moves on staff and patron actions, on its need-before timer, and on the ' +
      'outcomes its transactions report.',
  },
  requester: {
    title: "The borrower's side of a transaction",
    party: 'the borrower',
    intro:
      "The borrowing library's (ISO 10161 requester's) side of one transaction with one supplier, with the " +
      "states VDX names. It starts when the rota sends the request to a supplier, and moves on the borrower's " +
      "actions, the supplier's messages and its timers.",
  },
  responder: {
    title: "The lender's side of a transaction",
    party: 'the lender',
    intro:
      "The supplying library's (ISO 10161 responder's) side of one transaction. It starts when a request " +
      "message arrives. As in the VDX text, a lender's loan stays Shipped until Checked In or Lost; receipt, " +
      'return, overdue notices and recalls are recorded as facts of the transaction, not as states.',
  },
};

const BASIS_SOURCE: Readonly<Record<EdgeDescription['basis']['source'], string>> = {
  vdx: 'VDX',
  koha: 'Koha',
  iso10161: 'ISO 10161',
  interlend: 'Interlend',
};

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

const code = (text: string): string => `\`${text}\``;
const codes = (texts: readonly string[]): string => texts.map(code).join(', ');

/** A table cell: `|` escaped (also inside code spans, as GitHub-flavoured Markdown wants), one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\r?\n\s*/g, ' ');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The anchor GitHub gives a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const link = (heading: string): string => `[${heading.replace(/`/g, '')}](#${anchor(heading)})`;

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Looks up names of states and actions in one description. */
class Names {
  private readonly stateNames: ReadonlyMap<string, string>;
  private readonly actions: ReadonlyMap<string, ActionDescription>;

  constructor(description: WorkflowDescription) {
    this.stateNames = new Map(
      description.machines.flatMap((machine) =>
        machine.states.map((state) => [`${machine.id}/${state.id}`, state.sourceName] as const),
      ),
    );
    this.actions = new Map(description.actions.map((action) => [action.id, action]));
  }

  state(machine: Machine, id: string): string {
    return this.stateNames.get(`${machine}/${id}`) ?? id;
  }

  states(machine: Machine, ids: readonly string[]): string {
    return ids.map((id) => this.state(machine, id)).join(', ');
  }

  /** An action's name as the texts write it: Koha's on the request, VDX's on transactions. */
  action(id: string, machine: Machine): string {
    const action = this.actions.get(id);
    if (action === undefined) return id;
    const name =
      machine === 'request' ? (action.kohaName ?? action.vdxName) : (action.vdxName ?? action.kohaName);
    return name ?? action.isoName ?? id;
  }

  /** The event of an edge in words, e.g. `Answer Will Supply` or `message answer-will-supply`. */
  event(edge: EdgeDescription): string {
    return edge.event.kind === 'action'
      ? this.action(edge.event.name, edge.machine)
      : `${edge.event.kind} ${edge.event.name}`;
  }

  /** The event of an edge for a table: the action's name in bold, other events' names as code. */
  eventCell(edge: EdgeDescription): string {
    return edge.event.kind === 'action'
      ? `**${this.action(edge.event.name, edge.machine)}**`
      : `${edge.event.kind} ${code(edge.event.name)}`;
  }

  to(edge: EdgeDescription): string {
    return edge.to === null ? '*stays*' : this.state(edge.machine, edge.to);
  }
}

const orAll = (values: readonly string[] | null, all: string): string =>
  values === null ? all : values.join(', ');

function basisCell(edge: EdgeDescription): string {
  const text = `${BASIS_SOURCE[edge.basis.source]}: ${edge.basis.ref}`;
  return edge.basis.decision === null ? text : `${text} (decision)`;
}

function fieldText(field: ActionFieldDescription): string {
  const need = field.required
    ? ', required'
    : field.requiredForServiceType !== null
      ? `, required for a ${field.requiredForServiceType}`
      : '';
  return `${code(field.name)} (${field.type}${need})`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------------------------

/** Text inside a Mermaid diagram, with the characters Mermaid reads as syntax written as entity codes. */
function mermaidText(text: string): string {
  return text.replace(/[#;:"<>{}|]/g, (character) => `#${character.charCodeAt(0)};`);
}

/** A `stateDiagram-v2` of one machine: one arrow per from→to pair, naming every event that takes it. */
function renderMermaid(machine: MachineDescription, edges: readonly EdgeDescription[], names: Names): string {
  const arrows = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.to === null) continue;
    for (const from of edge.from) {
      const key = `${from} --> ${edge.to}`;
      const labels = arrows.get(key) ?? [];
      const label = names.event(edge);
      if (!labels.includes(label)) labels.push(label);
      arrows.set(key, labels);
    }
  }
  const lines = [
    'stateDiagram-v2',
    ...machine.states.map((state) => `  state "${mermaidText(state.sourceName)}" as ${state.id}`),
    `  [*] --> ${machine.initialState}`,
    ...[...arrows].map(([key, labels]) => `  ${key} : ${mermaidText(labels.join(', '))}`),
    ...machine.states.filter((state) => state.terminal).map((state) => `  ${state.id} --> [*]`),
  ];
  return ['```mermaid', ...lines, '```'].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

const machineHeading = (machine: Machine): string => `${MACHINE_PROSE[machine].title} (${code(machine)})`;

function renderIntroduction(description: WorkflowDescription, names: Names): string {
  const count = (machine: Machine, test: (edge: EdgeDescription) => boolean = () => true): number =>
    description.edges.filter((edge) => edge.machine === machine && test(edge)).length;
  return [
    '# Interlend workflow',
    '',
    '<!-- Generated by `npm run docs:workflow` from src/workflow/. Do not edit by hand. -->',
    '',
    '> **This file is generated** by `npm run docs:workflow` from the transition table',
    '> (`src/workflow/transitions.ts`) and the catalogues beside it. Do not edit it by hand: change the',
    '> table and run the command again. `npm run docs:workflow -- --check` and a test fail while this',
    '> file and the table disagree. The same description is served as JSON by `GET /api/workflow`.',
    '',
    'Every status change in Interlend is one edge of one of three state machines:',
    '',
    ...description.machines.map(
      (machine) =>
        `- **${MACHINE_PROSE[machine.id].title}** (${code(machine.id)}). ${MACHINE_PROSE[machine.id].intro}`,
    ),
    '',
    'An edge reacts to one event:',
    '',
    '- an **action** taken by staff, a patron or the system (see [Actions](#actions));',
    '- a **message** from the partner at the other end of the transaction, named after the ISO 10161',
    '  messages whatever carries it (ISO 18626, email, or staff recording it by hand) (see [Messages](#messages));',
    '- a **timer** that expired (see [Timers](#timers));',
    '- an **outcome** a transaction reports to its request, or a **rota** command the request gives a',
    '  transaction (see [Rota and outcome events](#rota-and-outcome-events)).',
    '',
    '### How to read the tables',
    '',
    '- **From** lists the states an edge leaves; **To** the state it enters, or *stays* when the state does',
    '  not change (the event is still recorded in the history). Diagrams leave out the *stays* edges.',
    '- **Guards** are further conditions, by name; their rules are under [Guards](#guards). Where several',
    '  edges share a state and an event, their guards, protocols and service types tell them apart.',
    '- **Protocols** are the partner protocols the edge applies to (all when it says *all*);',
    '  **Service types** the shipped service types (any when it says *any*).',
    '- **Actors** are who may take the action on that edge; **Sends** is the message sent to the partner',
    '  (none is sent to a manual partner); **Effects** are named under [Effects](#effects).',
    '- **Basis** is the text the edge implements: the VDX ILL actions text, the Koha manual, a row of the',
    '  ISO 10161 state tables, or Interlend itself. *(decision)* marks an edge whose basis records a choice',
    '  Interlend made; all of them are listed under [Design decisions](#design-decisions).',
    '- An edge id, `machine/from-states/event[conditions]`, names the edge in the history, the API and the tests.',
    '',
    table(
      ['Machine', 'Initial state', 'States', 'Edges', 'Design decisions'],
      description.machines.map((machine) => [
        code(machine.id),
        names.state(machine.id, machine.initialState),
        String(machine.states.length),
        String(count(machine.id)),
        String(count(machine.id, (edge) => edge.basis.decision !== null)),
      ]),
    ),
    '',
    '## Contents',
    '',
    ...description.machines.map((machine) => `- ${link(machineHeading(machine.id))}`),
    ...[
      'Actions',
      'Messages',
      'Rota and outcome events',
      'Timers',
      'Guards',
      'Effects',
      'Custom statuses',
      'Design decisions',
    ].map((heading) => `- ${link(heading)}`),
  ].join('\n');
}

function renderMachine(description: WorkflowDescription, machine: MachineDescription, names: Names): string {
  const edges = description.edges.filter((edge) => edge.machine === machine.id);
  const transactionMachine = machine.states.some((state) => state.phase !== null);
  const stateRows = machine.states.map((state) => [
    state.sourceName,
    code(state.id),
    state.terminal ? 'yes' : '',
    ...(transactionMachine ? [state.phase ?? ''] : []),
  ]);
  return [
    `## ${machineHeading(machine.id)}`,
    '',
    MACHINE_PROSE[machine.id].intro,
    '',
    `It starts in **${names.state(machine.id, machine.initialState)}**.`,
    '',
    table(['State', 'Id', 'Terminal', ...(transactionMachine ? ['Phase'] : [])], stateRows),
    '',
    renderMermaid(machine, edges, names),
    '',
    `### Edges of ${code(machine.id)}`,
    '',
    table(
      ['Edge', 'From', 'Event', 'Guards', 'To', 'Basis'],
      edges.map((edge) => [
        code(edge.id),
        names.states(edge.machine, edge.from),
        names.eventCell(edge),
        codes(edge.guards),
        names.to(edge),
        basisCell(edge),
      ]),
    ),
  ].join('\n');
}

/** Rows describing where edges apply, for the action, message, timer and rota tables. */
function edgeRows(
  edges: readonly EdgeDescription[],
  names: Names,
  columns: readonly ('machine' | 'event' | 'message' | 'actors')[],
): { headers: string[]; rows: string[][] } {
  const headers = [
    ...(columns.includes('machine') ? ['Machine'] : []),
    ...(columns.includes('event') ? ['Event'] : []),
    ...(columns.includes('message') ? ['Message'] : []),
    'From',
    'To',
    'Guards',
    'Protocols',
    'Service types',
    ...(columns.includes('actors') ? ['Actors'] : []),
    'Sends',
    'Effects',
  ];
  const rows = edges.map((edge) => [
    ...(columns.includes('machine') ? [code(edge.machine)] : []),
    ...(columns.includes('event') ? [names.eventCell(edge)] : []),
    ...(columns.includes('message') ? [code(edge.event.name)] : []),
    names.states(edge.machine, edge.from),
    names.to(edge),
    codes(edge.guards),
    orAll(edge.protocols, '*all*'),
    orAll(edge.serviceTypes, '*any*'),
    ...(columns.includes('actors') ? [(edge.actors ?? []).join(', ')] : []),
    edge.sends === null ? '' : code(edge.sends),
    codes(edge.effects),
  ]);
  return { headers, rows };
}

function renderActions(description: WorkflowDescription, names: Names): string {
  const sections = description.actions.map((action) => {
    const edges = description.edges.filter(
      (edge) => edge.event.kind === 'action' && edge.event.name === action.id,
    );
    const heading =
      [action.vdxName, action.kohaName].filter((name) => name !== null).join(' / ') ||
      action.isoName ||
      action.id;
    const { headers, rows } = edgeRows(edges, names, ['machine', 'actors']);
    return [
      `#### ${heading} (${code(action.id)})`,
      '',
      action.summary,
      '',
      edges.length === 0 ? '*No edge offers this action.*' : table(headers, rows),
    ].join('\n');
  });
  return [
    '## Actions',
    '',
    'The local actions of staff, patrons and the system, with their names exactly as the VDX ILL actions',
    'text and the Koha manual write them, or the ISO 10161 service’s name where neither has the action.',
    '**Party** is the side of a transaction the action belongs to;',
    "an edge may narrow the action's **actors**. A field marked *required for a loan* is required when the",
    'service type is a loan.',
    '',
    table(
      ['Action', 'VDX name', 'Koha name', 'ISO 10161 name', 'Source', 'Party', 'Actors', 'Fields', 'Summary'],
      description.actions.map((action) => [
        code(action.id),
        action.vdxName ?? '',
        action.kohaName ?? '',
        action.isoName ?? '',
        action.source,
        action.party,
        action.actors.join(', '),
        action.fields.map(fieldText).join(', '),
        action.summary,
      ]),
    ),
    '',
    '### Where each action can be taken',
    '',
    sections.join('\n\n'),
  ].join('\n');
}

function renderMessages(description: WorkflowDescription, names: Names): string {
  const order = new Map(description.messages.map((message, index) => [message.name as string, index]));
  const overview = description.messages.map((message) => {
    const sentOn = description.machines.flatMap((machine) => {
      const events = description.edges
        .filter((edge) => edge.machine === machine.id && edge.sends === message.name)
        .map((edge) => names.event(edge));
      return events.length === 0 ? [] : [`${code(machine.id)}: ${[...new Set(events)].join(', ')}`];
    });
    const receivedBy = description.machines
      .filter((machine) =>
        description.edges.some(
          (edge) =>
            edge.machine === machine.id && edge.event.kind === 'message' && edge.event.name === message.name,
        ),
      )
      .map((machine) => code(machine.id));
    return [code(message.name), message.sender, sentOn.join('; '), receivedBy.join(', ')];
  });
  const perRole = description.machines.flatMap((machine) => {
    const edges = description.edges
      .filter((edge) => edge.machine === machine.id && edge.event.kind === 'message')
      .map((edge, index) => ({ edge, index }))
      .sort(
        (a, b) =>
          (order.get(a.edge.event.name) ?? 0) - (order.get(b.edge.event.name) ?? 0) || a.index - b.index,
      )
      .map(({ edge }) => edge);
    if (edges.length === 0) return [];
    const { headers, rows } = edgeRows(edges, names, ['message']);
    const replies = headers.map((header) => (header === 'Sends' ? 'Replies' : header));
    return [
      `### Received by ${MACHINE_PROSE[machine.id].party} (${code(machine.id)})`,
      '',
      table(replies, rows),
      '',
    ];
  });
  return [
    '## Messages',
    '',
    'The messages between the parties of a transaction, named after the ISO 10161 messages whatever',
    'carries them. **Sent on** lists the events whose edges send the message; **Received by** the machines',
    'with edges that react to it.',
    '',
    table(['Message', 'Sender', 'Sent on', 'Received by'], overview),
    '',
    ...perRole,
  ]
    .join('\n')
    .trimEnd();
}

function renderRotaEvents(description: WorkflowDescription, names: Names): string {
  const edges = description.edges.filter(
    (edge) => edge.event.kind === 'outcome' || edge.event.kind === 'rota',
  );
  const { headers, rows } = edgeRows(edges, names, ['machine', 'event']);
  return [
    '## Rota and outcome events',
    '',
    'How a request and its transactions talk to each other: the request sends a transaction to a supplier',
    `(${description.vocabulary.rotaCommands.map(code).join(', ')}), and a transaction reports how it went`,
    `(${description.vocabulary.outcomes.map(code).join(', ')}).`,
    '',
    table(headers, rows),
  ].join('\n');
}

function renderTimers(description: WorkflowDescription, names: Names): string {
  const sections = description.timers.map((timer) => {
    const edges = description.edges.filter(
      (edge) => edge.event.kind === 'timer' && edge.event.name === timer.name,
    );
    const { headers, rows } = edgeRows(edges, names, ['machine']);
    return [
      `### ${code(timer.name)}`,
      '',
      `- Reacted to by: ${timer.machines.length === 0 ? '*no machine*' : codes(timer.machines)}`,
      `- Started by: ${timer.startedBy.length === 0 ? '*no effect*' : codes(timer.startedBy)}`,
      `- Stopped by: ${timer.stoppedBy.length === 0 ? '*no effect*' : codes(timer.stoppedBy)}`,
      '',
      edges.length === 0 ? '*No edge reacts to this timer.*' : table(headers, rows),
    ].join('\n');
  });
  return [
    '## Timers',
    '',
    'Durable timers. Effects start and stop them; when one expires, it is an event of its machine.',
    '',
    sections.join('\n\n'),
  ].join('\n');
}

function renderGuards(description: WorkflowDescription): string {
  return [
    '## Guards',
    '',
    'Conditions an edge needs besides its state, event, protocol and service type.',
    '',
    table(
      ['Guard', 'Rule', 'Edges'],
      description.guards.map((guard) => [
        code(guard.name),
        guard.rule,
        String(description.edges.filter((edge) => edge.guards.includes(guard.name)).length),
      ]),
    ),
  ].join('\n');
}

function renderEffects(description: WorkflowDescription): string {
  return [
    '## Effects',
    '',
    'What an edge does besides changing a state: facts it records, timers, notices, notes, and further',
    'events (such as the rota sending the request to the next supplier).',
    '',
    table(
      ['Effect', 'Description', 'Edges'],
      description.effects.map((effect) => [
        code(effect.name),
        effect.description,
        effect.appliedBy === 'engine'
          ? '*the engine, after every status change*'
          : String(description.edges.filter((edge) => edge.effects.includes(effect.name)).length),
      ]),
    ),
  ].join('\n');
}

function renderCustomStatuses(description: WorkflowDescription, names: Names): string {
  const custom = description.customStatuses;
  return [
    '## Custom statuses',
    '',
    `Koha's ILLSTATUS authorised values. Each library defines its own (${code(custom.definedAt)}); staff set`,
    `or clear one with **${names.action(custom.action, 'requester')}** and its ${code(custom.detail)} detail`,
    `(effect ${code(custom.setBy)}); the engine clears it with ${code(custom.clearedBy)}.`,
    '',
    ...custom.rules.map((rule) => `- ${rule}`),
  ].join('\n');
}

function renderDecisions(description: WorkflowDescription, names: Names): string {
  const sections = description.machines.flatMap((machine) => {
    const edges = description.edges.filter(
      (edge) => edge.machine === machine.id && edge.basis.decision !== null,
    );
    if (edges.length === 0) return [];
    return [
      `### Decisions on ${MACHINE_PROSE[machine.id].title.replace(/^The /, 'the ')} (${code(machine.id)})`,
      '',
      table(
        ['Edge', 'Event', 'From → To', 'Source', 'Reference', 'Decision'],
        edges.map((edge) => [
          code(edge.id),
          names.eventCell(edge),
          `${names.states(edge.machine, edge.from)} → ${names.to(edge)}`,
          BASIS_SOURCE[edge.basis.source],
          edge.basis.ref,
          edge.basis.decision ?? '',
        ]),
      ),
      '',
    ];
  });
  return [
    '## Design decisions',
    '',
    'Every edge whose basis records a decision: where the texts are silent, uncertain (the ISO 10161 rows',
    'marked L) or disagree, and every place where Interlend chose.',
    '',
    ...sections,
    renderIsoRows(description, names),
  ]
    .join('\n')
    .trimEnd();
}

const DECLINED_KIND: Readonly<Record<DeclinedRowDescription['kind'], string>> = {
  declined: 'Declined',
  refusal: 'Refused, as the row says',
  'outside-table': 'Taken outside the table',
};

/** Where each low-confidence ISO 10161 row went: the edges that take it, and the rows that are no edge. */
function renderIsoRows(description: WorkflowDescription, names: Names): string {
  const taken = description.edges.flatMap((edge) => edge.basis.rows.map((row) => ({ row, edge })));
  return [
    '### ISO 10161 rows',
    '',
    'The ISO 10161 state tables Interlend follows are a reconstruction, whose rows marked L (low',
    'confidence) are design decisions. Each of them is taken by an edge, which names it, or is listed',
    'below as not being an edge, with the reason; a test checks this against the reconstruction itself.',
    '',
    '#### Rows marked L taken as edges',
    '',
    table(
      ['Row', 'Edge', 'Event', 'To'],
      taken.map(({ row, edge }) => [row, code(edge.id), names.eventCell(edge), names.to(edge)]),
    ),
    '',
    '#### Rows that are not edges',
    '',
    'Every row marked L that no edge takes, and FORWARD, which ISO 18626 has no message for.',
    '',
    table(
      ['Row', 'The row says', 'Verdict', 'Why'],
      description.declinedRows.map((row) => [row.row, row.says, DECLINED_KIND[row.kind], row.reason]),
    ),
    '',
  ].join('\n');
}

/** The whole `docs/workflow.md`, ending with a newline. */
export function renderWorkflowMarkdown(description: WorkflowDescription = describeWorkflow()): string {
  const lookup = new Names(description);
  const sections = [
    renderIntroduction(description, lookup),
    ...description.machines.map((machine) => renderMachine(description, machine, lookup)),
    renderActions(description, lookup),
    renderMessages(description, lookup),
    renderRotaEvents(description, lookup),
    renderTimers(description, lookup),
    renderGuards(description),
    renderEffects(description),
    renderCustomStatuses(description, lookup),
    renderDecisions(description, lookup),
  ];
  return `${sections.join('\n\n')}\n`;
}
