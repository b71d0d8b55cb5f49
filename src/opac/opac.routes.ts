/** OPAC endpoints that need no login: a library's request form settings, and requests without login. */
import { Type } from 'typebox';
import { idempotencyClaim } from '../idempotency/idempotency.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { sendIdempotent } from '../requests/request.routes.ts';
import { AnonymousRequestBody, RequestDetailView } from '../requests/request.schemas.ts';

const SymbolParams = Type.Object(
  { symbol: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9:/._-]{0,63}$' }) },
  { additionalProperties: false },
);

const OpacLibrary = Type.Object({
  symbol: Type.String(),
  name: Type.String(),
  illModuleEnabled: Type.Boolean(),
  copyrightClearance: Type.Union([Type.String(), Type.Null()]),
  unauthenticatedRequests: Type.Boolean(),
  pickupBranches: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  requestTypes: Type.Array(Type.Object({ type: Type.String(), requiredFields: Type.Array(Type.String()) })),
});

export const opacRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/opac/libraries',
    {
      schema: {
        summary: 'The libraries patrons can ask through (ILL module on)',
        tags: ['opac'],
        response: {
          200: Type.Array(
            Type.Object({ symbol: Type.String(), name: Type.String() }, { additionalProperties: false }),
          ),
        },
      },
    },
    async () => services.opac.libraries(),
  );

  app.get(
    '/api/opac/libraries/:symbol',
    {
      schema: {
        summary: 'What the OPAC request form of a library needs',
        tags: ['opac'],
        params: SymbolParams,
        response: { 200: OpacLibrary, 404: Type.Ref('ErrorResponse') },
      },
    },
    async (request) => services.opac.library(request.params.symbol),
  );

  app.post(
    '/api/opac/libraries/:symbol/requests',
    {
      schema: {
        summary: 'Place a request without logging in, where the library allows it (rate limited)',
        description:
          'With an `Idempotency-Key` header, sending the same request again from the same address (a double click, a retry after a lost answer) gives the first answer and places nothing more.',
        tags: ['opac'],
        params: SymbolParams,
        body: AnonymousRequestBody,
        response: {
          201: RequestDetailView,
          400: Type.Ref('ErrorResponse'),
          403: Type.Ref('ErrorResponse', {
            description:
              'The library does not take requests without login (`details.reason` `login_required`), or its ILL module is off (`ill_module_off`).',
          }),
          404: Type.Ref('ErrorResponse'),
          429: Type.Ref('ErrorResponse', { description: 'Too many requests from this address.' }),
        },
      },
    },
    async (request, reply) => {
      const { symbol } = request.params;
      // Without a login, a key is scoped to the library and the caller's address.
      const claim = idempotencyClaim(request, `anonymous:${symbol}:${request.ip}`);
      return sendIdempotent(
        reply,
        await services.opac.createAnonymous(symbol, request.ip, request.body, claim),
      );
    },
  );
};
