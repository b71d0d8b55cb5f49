/**
 * What the bench reports: each figure as a ratio to a reference measured in the same run, printed as
 * a readable table or as the JSON array the issue asks for. Pure functions.
 */

/** A goal on a figure's ratio, e.g. `{ op: '>=', value: 0.75 }`. */
export interface Goal {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** One figure of the run. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is divided by, in words. */
  readonly reference: string;
  readonly referenceValue: number;
  readonly referenceUnit: string;
  /** `value / referenceValue`, or null when the reference could not be measured. */
  readonly ratio: number | null;
  readonly goal: Goal | null;
  /** A short line under the table: what was measured, how many samples, what limited it. */
  readonly detail?: string;
}

/** One element of `npm run bench -- --json`. */
export interface FigureJson {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: string;
  readonly referenceValue: number;
  readonly ratio: number | null;
  /** The goal on the ratio as text, e.g. `>= 0.75`; null when the issue sets none. */
  readonly goal: string | null;
}

/** A goal as text, e.g. `>= 0.75`. */
export function goalText(goal: Goal | null): string | null {
  return goal === null ? null : `${goal.op} ${goal.value}`;
}

/** Whether a ratio meets its goal; null when there is no goal or no ratio. */
export function meetsGoal(ratio: number | null, goal: Goal | null): boolean | null {
  if (goal === null || ratio === null) return null;
  return goal.op === '>=' ? ratio >= goal.value : ratio <= goal.value;
}

/** The JSON array of the figures, with exactly the fields the issue names. */
export function toJson(figures: readonly Figure[]): FigureJson[] {
  return figures.map((figure) => ({
    name: figure.name,
    value: round(figure.value),
    unit: figure.unit,
    reference: figure.reference,
    referenceValue: round(figure.referenceValue),
    ratio: figure.ratio,
    goal: goalText(figure.goal),
  }));
}

/** A number with at most three significant decimals, as the table and the JSON show it. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function cell(value: number, unit: string): string {
  return `${round(value)} ${unit}`;
}

/**
 * The figures as a plain-text table, one row each, then each figure's detail line. The last column
 * says whether the ratio meets its goal (`yes`, `NO`, or `-` without a goal).
 */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['Figure', 'Value', 'Reference', 'Ratio', 'Goal', 'Met'];
  const rows = figures.map((figure) => {
    const met = meetsGoal(figure.ratio, figure.goal);
    return [
      figure.name,
      cell(figure.value, figure.unit),
      `${figure.reference}: ${cell(figure.referenceValue, figure.referenceUnit)}`,
      figure.ratio === null ? 'n/a' : String(figure.ratio),
      goalText(figure.goal) ?? '-',
      met === null ? '-' : met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) => text.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  const details = figures
    .filter((figure) => figure.detail !== undefined)
    .map((figure) => `- ${figure.name}: ${figure.detail}`);
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    ...(details.length > 0 ? ['', ...details] : []),
  ].join('\n');
}
