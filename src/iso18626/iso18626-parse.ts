/**
 * Reads an ISO 18626 message from untrusted XML into the v1.2 model, never throwing.
 *
 * Tolerant where real peers deviate from the schema (see SOURCES.md of the ISO 18626 reference):
 * any namespace prefix or none, `version` qualified or not, an unwrapped message element (mod-rs),
 * elements out of schema order, empty optional elements, whitespace around values, timestamps with
 * `+0000`, no offset or nanoseconds, and the 2021 structure (same namespace, different shape).
 * Each tolerated deviation is reported as a warning, so that peers' habits show up in logs.
 *
 * Strict where a wrong reading would change what the transaction does: closed enumerations, missing
 * mandatory elements, empty ids, unparseable dates and amounts, repeated single elements, and
 * unsubstituted template placeholders. Those are refused with the ISO 18626 errorType a confirmation
 * should carry, an errorValue of the form `path: detail`, and whatever header could be read so the
 * endpoint can address its error confirmation to the sender.
 */
import { Refusal, defined, isIsoNamespace, quote, type ReadContext } from './iso18626-fields.ts';
import { readMessage } from './iso18626-read.ts';
import { loadXml, type XmlElement } from './iso18626-xml.ts';
import {
  ISO18626_ACTIONS,
  ISO18626_CONFIRMATION_KINDS,
  ISO18626_MESSAGE_KINDS,
  ISO18626_NAMESPACE,
  ISO18626_REASONS_FOR_MESSAGE,
  type AgencyId,
  type Iso18626Action,
  type Iso18626BusinessMessage,
  type Iso18626Confirmation,
  type Iso18626ErrorType,
  type Iso18626Message,
  type Iso18626MessageKind,
  type Iso18626ReasonForMessage,
} from './iso18626-types.ts';

// --- Public types ----------------------------------------------------------------------------------

/** Which schema family a message follows, from its `version` attribute. */
export type Iso18626Version = '1.2' | '2021' | 'unknown';

/** Options of `parseIso18626`; every one has a safe default. */
export interface Iso18626ParseOptions {
  /**
   * Which kinds are acceptable: an ISO 18626 endpoint accepts only `'messages'` (a confirmation
   * posted to it is refused), a sender reading the HTTP response accepts only `'confirmations'`.
   * Default `'any'`.
   */
  accept?: 'any' | 'messages' | 'confirmations';
  /** Largest body accepted, in UTF-8 bytes. Default 1 MiB (CrossLink's default is 100 KB). */
  maxBytes?: number;
  /** Deepest element nesting accepted. A v1.2 message is at most 7 deep. Default 32. */
  maxDepth?: number;
  /** Most elements accepted. Default 10,000. */
  maxElements?: number;
  /**
   * Elements the schema does not define: ignored with a warning (default, as most peers do), or
   * refused with UnrecognisedDataElement. Known 2021 elements are never refused.
   */
  unknownElements?: 'ignore' | 'reject';
  /**
   * Refuse values that are unsubstituted template placeholders (`requestId_holder`, `_TIMESTAMP_`,
   * as in mod-rs's integration-test templates). Default true.
   */
  rejectTemplatePlaceholders?: boolean;
}

/** The limits applied when options do not say otherwise. */
export const ISO18626_PARSE_DEFAULTS = {
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
} as const;

/** Kinds of tolerated deviations, reported so that peers' habits can be logged and counted. */
export type Iso18626WarningCode =
  | 'unwrapped-root'
  | 'no-namespace'
  | 'unqualified-version'
  | 'missing-version'
  | 'ignored-element'
  | 'element-order'
  | 'extra-occurrence'
  | 'timestamp-repaired'
  | 'value-defaulted'
  | 'value-dropped';

/** A deviation the parser tolerated. */
export interface Iso18626ParseWarning {
  code: Iso18626WarningCode;
  /** Element path inside the message element, e.g. `header/timestamp`. */
  path: string;
  detail: string;
}

/** What could be read of the header of a refused message, to address the error confirmation. */
export interface Iso18626PartialHeader {
  supplyingAgencyId?: AgencyId;
  requestingAgencyId?: AgencyId;
  requestingAgencyRequestId?: string;
  supplyingAgencyRequestId?: string;
  multipleItemRequestId?: string;
  /** As sent, not checked. */
  timestamp?: string;
}

/** Why a message was refused, in the terms of an ISO 18626 error confirmation. */
export interface Iso18626ParseError {
  errorType: Iso18626ErrorType;
  /** `path: detail`, e.g. `header/requestingAgencyRequestId: cannot be empty`. */
  errorValue: string;
  /** The message element, when it could be identified. */
  messageKind?: Iso18626MessageKind;
  version?: Iso18626Version;
  header?: Iso18626PartialHeader;
  /** Echoed in a supplyingAgencyMessageConfirmation when it could be read and is valid. */
  reasonForMessage?: Iso18626ReasonForMessage;
  /** Echoed in a requestingAgencyMessageConfirmation when it could be read and is valid. */
  action?: Iso18626Action;
}

/** A parsed message, or the reason it was refused. */
export type Iso18626ParseResult<M extends Iso18626Message = Iso18626Message> =
  | {
      ok: true;
      message: M;
      version: Iso18626Version;
      /** The `version` attribute as sent, if any. */
      versionAttribute?: string;
      warnings: Iso18626ParseWarning[];
    }
  | { ok: false; error: Iso18626ParseError };

// --- Entry point -------------------------------------------------------------------------------------

/**
 * Parses an ISO 18626 message. Never throws: any input, however hostile, gives a typed result.
 * Refuses DOCTYPE and entity declarations outright, and bodies over the size, depth and element caps.
 */
export function parseIso18626(
  xml: string,
  options: Iso18626ParseOptions & { accept: 'messages' },
): Iso18626ParseResult<Iso18626BusinessMessage>;
export function parseIso18626(
  xml: string,
  options: Iso18626ParseOptions & { accept: 'confirmations' },
): Iso18626ParseResult<Iso18626Confirmation>;
export function parseIso18626(xml: string, options?: Iso18626ParseOptions): Iso18626ParseResult;
export function parseIso18626(xml: string, options: Iso18626ParseOptions = {}): Iso18626ParseResult {
  const context = new Context(options);
  try {
    return parseDocument(xml, context);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: context.failure(error) };
    // A bug or an exhausted stack must still not reach the HTTP layer as a throw.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: context.failure(new Refusal('BadlyFormedMessage', `message: ${detail}`)) };
  }
}

// --- Internals ---------------------------------------------------------------------------------------

/** The state of one parse: options, warnings so far, and what is known for an error confirmation. */
class Context implements ReadContext {
  readonly warnings: Iso18626ParseWarning[] = [];
  readonly accept: 'any' | 'messages' | 'confirmations';
  readonly rejectUnknown: boolean;
  readonly rejectPlaceholders: boolean;
  readonly limits: { maxBytes: number; maxDepth: number; maxElements: number };
  version: Iso18626Version | undefined;
  kind: Iso18626MessageKind | undefined;
  messageElement: XmlElement | undefined;

  constructor(options: Iso18626ParseOptions) {
    this.accept = options.accept ?? 'any';
    this.rejectUnknown = options.unknownElements === 'reject';
    this.rejectPlaceholders = options.rejectTemplatePlaceholders ?? true;
    this.limits = {
      maxBytes: options.maxBytes ?? ISO18626_PARSE_DEFAULTS.maxBytes,
      maxDepth: options.maxDepth ?? ISO18626_PARSE_DEFAULTS.maxDepth,
      maxElements: options.maxElements ?? ISO18626_PARSE_DEFAULTS.maxElements,
    };
  }

  warn(code: Iso18626WarningCode, path: string, detail: string): void {
    this.warnings.push({ code, path, detail });
  }

  failure(refusal: Refusal): Iso18626ParseError {
    const error: Iso18626ParseError = { errorType: refusal.errorType, errorValue: refusal.errorValue };
    if (this.kind !== undefined) error.messageKind = this.kind;
    if (this.version !== undefined) error.version = this.version;
    if (this.messageElement !== undefined) {
      try {
        Object.assign(error, salvage(this.messageElement));
      } catch {
        // Salvaging is best effort; the refusal itself is what matters.
      }
    }
    return error;
  }
}

function isMessageKind(name: string): name is Iso18626MessageKind {
  return (ISO18626_MESSAGE_KINDS as readonly string[]).includes(name);
}

function parseDocument(xml: string, context: Context): Iso18626ParseResult {
  const loaded = loadXml(xml, context.limits);
  if (!loaded.ok) throw new Refusal('BadlyFormedMessage', `message: ${loaded.reason}`);
  const root = loaded.root;

  let messageElement: XmlElement;
  let versionAttribute: string | undefined;
  if (root.localName === 'ISO18626Message') {
    if (!isIsoNamespace(root)) {
      throw new Refusal('BadlyFormedMessage', `ISO18626Message: in namespace ${quote(root.namespace ?? '')}`);
    }
    if (root.namespace === undefined)
      context.warn('no-namespace', 'ISO18626Message', 'no namespace declared');
    versionAttribute = readVersionAttribute(root, context);
    context.version = classifyVersion(versionAttribute);
    const candidates = root.children.filter(isIsoNamespace);
    if (candidates.length === 0) {
      throw new Refusal('BadlyFormedMessage', 'ISO18626Message: contains no message element');
    }
    if (candidates.length > 1) {
      const names = candidates.map((child) => child.localName).join(', ');
      throw new Refusal(
        'BadlyFormedMessage',
        `ISO18626Message: contains ${candidates.length} elements (${names}), expected one`,
      );
    }
    messageElement = candidates[0] as XmlElement;
    if (!isMessageKind(messageElement.localName)) {
      throw new Refusal(
        'UnrecognisedDataElement',
        `ISO18626Message/${messageElement.localName}: not an ISO 18626 message element`,
      );
    }
  } else if (isMessageKind(root.localName) && isIsoNamespace(root)) {
    // mod-rs's test files are bare message elements; there is no version attribute to read.
    messageElement = root;
    context.version = 'unknown';
    context.warn('unwrapped-root', root.localName, 'message element without the ISO18626Message wrapper');
    if (root.namespace === undefined) context.warn('no-namespace', root.localName, 'no namespace declared');
  } else {
    throw new Refusal(
      'BadlyFormedMessage',
      `message: root element ${quote(root.localName)} is not ISO18626Message`,
    );
  }

  const kind = messageElement.localName as Iso18626MessageKind;
  context.kind = kind;
  context.messageElement = messageElement;
  const isConfirmation = (ISO18626_CONFIRMATION_KINDS as readonly string[]).includes(kind);
  if (context.accept === 'messages' && isConfirmation) {
    throw new Refusal(
      'BadlyFormedMessage',
      `${kind}: a confirmation is only ever the HTTP response to a message, it cannot be sent as one`,
    );
  }
  if (context.accept === 'confirmations' && !isConfirmation) {
    throw new Refusal('BadlyFormedMessage', `${kind}: expected a confirmation`);
  }

  const message = readMessage(kind, messageElement, context);
  const result: Iso18626ParseResult = {
    ok: true,
    message,
    version: context.version ?? 'unknown',
    warnings: context.warnings,
  };
  if (versionAttribute !== undefined) result.versionAttribute = versionAttribute;
  return result;
}

function readVersionAttribute(root: XmlElement, context: Context): string | undefined {
  const qualified = root.attributes.find(
    (a) => a.localName === 'version' && a.namespace === ISO18626_NAMESPACE,
  );
  if (qualified) return qualified.value.trim();
  const unqualified = root.attributes.find((a) => a.localName === 'version' && a.namespace === undefined);
  if (unqualified) {
    context.warn('unqualified-version', 'ISO18626Message', 'version attribute without the namespace prefix');
    return unqualified.value.trim();
  }
  context.warn('missing-version', 'ISO18626Message', 'no version attribute');
  return undefined;
}

/** 1.0 and 1.1 only lack elements 1.2 added; "2021-1" was also called 1.3. */
function classifyVersion(attribute: string | undefined): Iso18626Version {
  if (attribute === undefined) return 'unknown';
  if (/^1(?:\.[012])?$/.test(attribute)) return '1.2';
  if (/^(?:1\.3|2021(?:[-.]\d+)?)$/.test(attribute)) return '2021';
  return 'unknown';
}

// --- Salvage: what an error confirmation needs from a refused message ---------------------------------

function childNamed(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.localName === name && isIsoNamespace(child));
}

function looseText(element: XmlElement | undefined, name: string): string | undefined {
  const child = childNamed(element, name);
  if (child === undefined || child.children.length > 0) return undefined;
  const value = child.text.trim();
  return value === '' ? undefined : value.slice(0, 256);
}

function looseAgencyId(element: XmlElement | undefined, name: string): AgencyId | undefined {
  const id = childNamed(element, name);
  const type = looseText(id, 'agencyIdType');
  const value = looseText(id, 'agencyIdValue');
  return type === undefined || value === undefined
    ? undefined
    : { agencyIdType: { value: type }, agencyIdValue: value };
}

/** Reads the ids, reason and action of a refused message without validating anything else. */
function salvage(message: XmlElement): Pick<Iso18626ParseError, 'header' | 'reasonForMessage' | 'action'> {
  const headerElement = childNamed(message, 'header') ?? childNamed(message, 'confirmationHeader');
  const header = defined<Iso18626PartialHeader>({
    supplyingAgencyId: looseAgencyId(headerElement, 'supplyingAgencyId'),
    requestingAgencyId: looseAgencyId(headerElement, 'requestingAgencyId'),
    requestingAgencyRequestId: looseText(headerElement, 'requestingAgencyRequestId'),
    supplyingAgencyRequestId: looseText(headerElement, 'supplyingAgencyRequestId'),
    multipleItemRequestId: looseText(headerElement, 'multipleItemRequestId'),
    timestamp: looseText(headerElement, 'timestamp'),
  });
  const reason =
    looseText(childNamed(message, 'messageInfo'), 'reasonForMessage') ??
    looseText(message, 'reasonForMessage');
  const action = looseText(message, 'action');
  return defined({
    header: Object.keys(header).length > 0 ? header : undefined,
    reasonForMessage: (ISO18626_REASONS_FOR_MESSAGE as readonly string[]).includes(reason ?? '')
      ? (reason as Iso18626ReasonForMessage)
      : undefined,
    action: (ISO18626_ACTIONS as readonly string[]).includes(action ?? '')
      ? (action as Iso18626Action)
      : undefined,
  });
}
