/**
 * The ISO 18626 codec: the v1.2 message model, a tolerant and safe parser for what peers really
 * send, an emitter that always writes schema-valid v1.2, and the confirmations that answer messages.
 *
 * Typical endpoint use:
 *   const parsed = parseIso18626(body, { accept: 'messages' });
 *   if (!parsed.ok) {
 *     const answer = errorConfirmationFor(parsed.error, { timestamp: now, timestampReceived: received });
 *     return answer ? emitConfirmation(answer) : httpBadRequest();
 *   }
 */
export * from './iso18626-types.ts';
export {
  parseIso18626,
  ISO18626_PARSE_DEFAULTS,
  type Iso18626ParseError,
  type Iso18626ParseOptions,
  type Iso18626ParseResult,
  type Iso18626ParseWarning,
  type Iso18626PartialHeader,
  type Iso18626Version,
  type Iso18626WarningCode,
} from './iso18626-parse.ts';
export {
  emitIso18626,
  emitConfirmation,
  ISO18626_2021_VERSION,
  Iso18626EmitError,
  type Iso18626EmitOptions,
} from './iso18626-emit.ts';
export { confirmationFor, errorConfirmationFor, type ConfirmationTimes } from './iso18626-confirmation.ts';
export { readDateTime, type DateTimeReading } from './iso18626-datetime.ts';
