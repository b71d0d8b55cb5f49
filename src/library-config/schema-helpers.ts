/** TypeBox building blocks shared by the library-configuration route schemas. */
import { Type, type TSchema } from 'typebox';

/** Objects reject nothing silently in the docs: unknown properties are not part of the contract. */
export const closed = { additionalProperties: false } as const;

/** A value or null. In bodies an empty string also arrives as null ("none"). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A non-blank line of text, e.g. a name. Services store it trimmed. */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) });

export const Uuid = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });

/** The error answers of a route, referring to the shared `ErrorResponse` schema. */
export function errorResponses<const Codes extends readonly (400 | 401 | 403 | 404 | 409)[]>(
  ...codes: Codes
): Record<Codes[number], ReturnType<typeof Type.Ref>> {
  const descriptions: Record<400 | 401 | 403 | 404 | 409, string> = {
    400: 'The input breaks a rule; `details.issues` names each field and rule. Nothing was written.',
    401: 'Not logged in as library staff.',
    403: 'The staff user lacks the permission this needs.',
    404: 'No such thing in the caller’s library.',
    409: 'The change clashes with what exists; `details.field` or the message says why.',
  };
  return Object.fromEntries(
    codes.map((code) => [code, Type.Ref('ErrorResponse', { description: descriptions[code] })]),
  ) as Record<Codes[number], ReturnType<typeof Type.Ref>>;
}
