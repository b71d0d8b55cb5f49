/**
 * The machinery the ISO 18626 readers share: reading the children of one element with the checks
 * every complex element needs (unknown, repeated, out-of-order and empty elements), and turning a
 * value into a typed one or a refusal carrying the errorType a confirmation should report.
 */
import { readDateTime } from './iso18626-datetime.ts';
import { XS_INTEGER, isSchemaAnyUri } from './iso18626-lexical.ts';
import type { Iso18626Version, Iso18626WarningCode } from './iso18626-parse.ts';
import type { XmlElement } from './iso18626-xml.ts';
import { ISO18626_NAMESPACE, type Iso18626ErrorType, type SchemeValue } from './iso18626-types.ts';

/** What the readers need from the parse in progress. */
export interface ReadContext {
  readonly version: Iso18626Version | undefined;
  readonly rejectUnknown: boolean;
  readonly rejectPlaceholders: boolean;
  warn(code: Iso18626WarningCode, path: string, detail: string): void;
}

/** Thrown inside the parser, caught by `parseIso18626`: the reason a message is refused. */
export class Refusal extends Error {
  constructor(
    readonly errorType: Iso18626ErrorType,
    readonly errorValue: string,
  ) {
    super(errorValue);
  }
}

const PLACEHOLDER = /^(?:[A-Za-z][A-Za-z0-9]*_holder|_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)$/;

/** Shortens a peer's value for an errorValue: never echo a megabyte back. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

export function isIsoNamespace(element: { namespace: string | undefined }): boolean {
  return element.namespace === undefined || element.namespace === ISO18626_NAMESPACE;
}

/** A closed list of the schema, the errorType a value outside it gets, and the values only 2021 has. */
export interface ClosedList<T extends string> {
  values: readonly T[];
  errorType: Iso18626ErrorType;
  /** Named in the refusal, so that a 2021 peer learns why rather than just "unrecognised". */
  only2021?: readonly string[];
}

/** How to read the children of one complex element. */
export interface ChildSpec {
  /** The v1.2 children, in schema order (used to notice out-of-order senders). */
  order: readonly string[];
  /** Other names read as well: 2021 renamings and additions this model can hold. */
  also?: readonly string[];
  /** 2021 elements this v1.2 model cannot hold: ignored with a warning, never refused. */
  ignored2021?: readonly string[];
}

/** True when an element holds no text anywhere below it: an empty optional element counts as absent. */
export function isBlank(element: XmlElement): boolean {
  return element.text.trim() === '' && element.children.every(isBlank);
}

/** The children of one element, grouped by name, with the checks every complex element shares. */
export class Fields {
  private readonly byName = new Map<string, XmlElement[]>();

  constructor(
    readonly context: ReadContext,
    readonly element: XmlElement,
    readonly path: string,
    spec: ChildSpec,
  ) {
    const known = new Set([...spec.order, ...(spec.also ?? [])]);
    const ignored = new Set(spec.ignored2021 ?? []);
    let lastIndex = -1;
    let outOfOrder = false;
    for (const child of element.children) {
      const name = child.localName;
      if (isIsoNamespace(child) && known.has(name)) {
        const list = this.byName.get(name);
        if (list) list.push(child);
        else this.byName.set(name, [child]);
        const index = spec.order.indexOf(name);
        if (index !== -1) {
          if (index < lastIndex) outOfOrder = true;
          lastIndex = Math.max(lastIndex, index);
        }
      } else if (isIsoNamespace(child) && ignored.has(name)) {
        context.warn('ignored-element', this.at(name), 'ISO 18626:2021 element the v1.2 model does not hold');
      } else if (context.rejectUnknown) {
        throw new Refusal(
          'UnrecognisedDataElement',
          `${this.at(name)}: not an element of ${element.localName}`,
        );
      } else {
        context.warn('ignored-element', this.at(name), `not an element of ${element.localName}`);
      }
    }
    // The 2021 schema reorders some children (bibliographicItemId), so only 1.x order is checked.
    if (outOfOrder && context.version !== '2021') {
      context.warn('element-order', path, 'children not in schema order');
    }
  }

  /** `path/name`, for warnings and errorValues. */
  at(name: string): string {
    return this.path === '' ? name : `${this.path}/${name}`;
  }

  /** Every occurrence of a repeatable child, blank ones dropped. */
  list(name: string): XmlElement[] {
    return (this.byName.get(name) ?? []).filter((child) => !isBlank(child));
  }

  /** Whether the child occurs at all, blank or not. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * The one occurrence of a single child. A repeat is refused, except where ISO 18626:2021 made the
   * element repeatable: then the first non-blank one is kept and the rest reported.
   */
  one(name: string, repeatableIn2021 = false): XmlElement | undefined {
    const all = this.byName.get(name);
    if (all === undefined) return undefined;
    if (all.length > 1) {
      if (!repeatableIn2021) {
        throw new Refusal(
          'BadlyFormedMessage',
          `${this.at(name)}: occurs ${all.length} times, at most once allowed`,
        );
      }
      const filled = all.filter((child) => !isBlank(child));
      if (filled.length > 1) {
        this.context.warn(
          'extra-occurrence',
          this.at(name),
          `kept the first of ${filled.length} (repeatable in 2021 only)`,
        );
      }
      return filled[0] ?? all[0];
    }
    return all[0];
  }

  /** A child complex element read with `spec`, or undefined when absent or blank. */
  group(name: string, spec: ChildSpec, repeatableIn2021 = false): Fields | undefined {
    const child = this.one(name, repeatableIn2021);
    if (child === undefined || isBlank(child)) return undefined;
    return new Fields(this.context, child, this.at(name), spec);
  }

  /** A mandatory complex child; present but empty is allowed (its own mandatory children then fail). */
  requiredGroup(name: string, spec: ChildSpec): Fields {
    const child = this.one(name);
    if (child === undefined) throw new Refusal('BadlyFormedMessage', `${this.at(name)}: missing`);
    return new Fields(this.context, child, this.at(name), spec);
  }

  /** The trimmed text of a simple child, `''` when empty, undefined when absent. */
  rawText(name: string, repeatableIn2021 = false): string | undefined {
    const child = this.one(name, repeatableIn2021);
    return child === undefined ? undefined : textOf(this.context, child, this.at(name));
  }

  /** An optional text value: absent and empty both give undefined. */
  text(name: string, repeatableIn2021 = false): string | undefined {
    const value = this.rawText(name, repeatableIn2021);
    return value === '' ? undefined : value;
  }

  /** A mandatory text value: absent is a badly formed message, empty an unrecognised value. */
  requiredText(name: string): string {
    const value = this.rawText(name);
    if (value === undefined) throw new Refusal('BadlyFormedMessage', `${this.at(name)}: missing`);
    if (value === '') throw new Refusal('UnrecognisedDataValue', `${this.at(name)}: cannot be empty`);
    return value;
  }

  /** An optional value of a closed list. */
  choice<T extends string>(name: string, list: ClosedList<T>): T | undefined {
    const value = this.text(name);
    return value === undefined ? undefined : checkChoice(value, list, this.at(name));
  }

  /** A mandatory value of a closed list; empty counts as a value outside the list. */
  requiredChoice<T extends string>(name: string, list: ClosedList<T>): T {
    const value = this.rawText(name);
    if (value === undefined) throw new Refusal('BadlyFormedMessage', `${this.at(name)}: missing`);
    return checkChoice(value, list, this.at(name));
  }

  /** An optional xs:dateTime, as canonical UTC. */
  dateTime(name: string): string | undefined {
    const value = this.text(name);
    return value === undefined ? undefined : checkDateTime(this.context, value, this.at(name));
  }

  /** A mandatory xs:dateTime, as canonical UTC. */
  requiredDateTime(name: string): string {
    return checkDateTime(this.context, this.requiredText(name), this.at(name));
  }

  /** An optional `type_schemeValuePair`; a scheme without a value counts as absent. */
  scheme(name: string, repeatableIn2021 = false): SchemeValue | undefined {
    const child = this.one(name, repeatableIn2021);
    if (child === undefined) return undefined;
    const value = textOf(this.context, child, this.at(name));
    if (value === '') return undefined;
    const attribute = child.attributes.find((a) => a.localName === 'scheme' && isIsoNamespace(a));
    const scheme = attribute?.value.trim();
    if (!scheme) return { value };
    if (!isSchemaAnyUri(scheme)) {
      // The scheme only says which code list the value comes from: losing it beats refusing the message.
      this.context.warn('value-dropped', `${this.at(name)}/@scheme`, `${quote(scheme)} is not a URI`);
      return { value };
    }
    return { value, scheme };
  }

  /** An optional xs:integer, kept as text. */
  integer(name: string): string | undefined {
    const value = this.text(name);
    if (value !== undefined && !XS_INTEGER.test(value)) {
      throw new Refusal('UnrecognisedDataValue', `${this.at(name)}: ${quote(value)} is not an integer`);
    }
    return value;
  }

  /** An optional xs:boolean. */
  boolean(name: string): boolean | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new Refusal('UnrecognisedDataValue', `${this.at(name)}: ${quote(value)} is not true or false`);
  }
}

export function textOf(context: ReadContext, element: XmlElement, path: string): string {
  const nested = element.children[0];
  if (nested !== undefined) {
    throw new Refusal(
      'BadlyFormedMessage',
      `${path}: expected a value, found element ${quote(nested.localName)}`,
    );
  }
  const value = element.text.trim();
  if (context.rejectPlaceholders && PLACEHOLDER.test(value)) {
    throw new Refusal('UnrecognisedDataValue', `${path}: unsubstituted template placeholder ${quote(value)}`);
  }
  return value;
}

export function checkChoice<T extends string>(value: string, list: ClosedList<T>, path: string): T {
  if ((list.values as readonly string[]).includes(value)) return value as T;
  const detail = list.only2021?.includes(value)
    ? 'is ISO 18626:2021 only and not supported'
    : 'is not a recognised value';
  throw new Refusal(list.errorType, `${path}: ${value === '' ? 'empty value' : quote(value)} ${detail}`);
}

export function checkDateTime(context: ReadContext, value: string, path: string): string {
  const reading = readDateTime(value);
  if (!reading.ok)
    throw new Refusal('UnrecognisedDataValue', `${path}: ${quote(value)} is not a date and time`);
  if (!reading.schemaValid)
    context.warn('timestamp-repaired', path, `${quote(value)} read as ${reading.value}`);
  return reading.value;
}

/** Copies the defined entries only, so that absent fields are absent keys, not `undefined` values. */
export function defined<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** A list, or undefined when empty: the model never holds `[]`. */
export function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length === 0 ? undefined : items;
}
