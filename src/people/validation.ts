import { ValidationError } from '../errors.ts';

/**
 * Refuses a change that changes nothing. The schema's `minProperties` cannot see it when every
 * field sent is unknown: Fastify strips unknown fields (`removeAdditional`) after that check.
 *
 * @throws ValidationError on `body`, rule `minProperties`
 */
export function assertSomethingToChange<T extends object>(
  input: T,
  fields: readonly (keyof T & string)[],
): void {
  if (fields.some((field) => input[field] !== undefined)) return;
  const message = `body must have at least one of ${fields.join(', ')}`;
  throw new ValidationError(`Invalid request: ${message}`, [
    { field: 'body', rule: 'minProperties', message },
  ]);
}
