/** OPAC endpoints that need no login: a library's request form settings, and requests without login. */
import { Type } from 'typebox';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
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
        tags: ['opac'],
        params: SymbolParams,
        body: AnonymousRequestBody,
        response: {
          201: RequestDetailView,
          400: Type.Ref('ErrorResponse'),
          403: Type.Ref('ErrorResponse', {
            description: 'The library does not take requests without login.',
          }),
          404: Type.Ref('ErrorResponse'),
          429: Type.Ref('ErrorResponse', { description: 'Too many requests from this address.' }),
        },
      },
    },
    async (request, reply) => {
      const result = await services.opac.createAnonymous(request.params.symbol, request.ip, request.body);
      return reply.code(201).send(result.body);
    },
  );
};
