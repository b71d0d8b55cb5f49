/** OpenAPI fragments shared by the routes of `src/auth` and `src/people`. */
import { Type } from 'typebox';

/** The security schemes, for `components.securitySchemes` of the OpenAPI document. */
export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'interlend_session',
    description:
      'The session cookie set by `POST /api/auth/staff/login` or `POST /api/auth/patron/login`. ' +
      'POST, PUT, PATCH and DELETE also need the header `X-CSRF-Token` with the csrfToken of the login.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token of a library (`POST /api/tokens`), as `Authorization: Bearer <token>`.',
  },
} as const;

/** `security` of routes open to staff sessions and API tokens. */
export const STAFF_SECURITY: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
/** `security` of routes open to patron sessions only. */
export const PATRON_SECURITY: Record<string, string[]>[] = [{ session: [] }];

const DEFAULT_DESCRIPTIONS = {
  400: 'Invalid input; `details.issues` names each field and rule. Nothing was changed.',
  401: 'Not logged in (no valid session or API token).',
  403: 'Missing permission or CSRF token.',
  404: 'Not found in your library.',
  409: 'Conflicts with existing data; `details.field` names the field.',
  429: 'Too many attempts; `details.retryAfterSeconds` (and `Retry-After`) say when to retry.',
} as const;

type ErrorStatus = keyof typeof DEFAULT_DESCRIPTIONS;

/** Error responses of a route, each the shared `ErrorResponse` body with a description. */
export function errorResponses(
  ...statuses: (ErrorStatus | [ErrorStatus, string])[]
): Record<number, ReturnType<typeof Type.Ref>> {
  const responses: Record<number, ReturnType<typeof Type.Ref>> = {};
  for (const entry of statuses) {
    const [status, description] = Array.isArray(entry) ? entry : [entry, DEFAULT_DESCRIPTIONS[entry]];
    responses[status] = Type.Ref('ErrorResponse', { description });
  }
  return responses;
}
