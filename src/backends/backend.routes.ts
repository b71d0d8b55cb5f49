/** `GET /api/backends`: the supply channels the caller's library has enabled, as each declares itself. */
import { Type } from 'typebox';
import { staffWithAnyOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { BackendList } from './backend.schemas.ts';

export const backendRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/backends',
    {
      schema: {
        summary: 'The backends your library has enabled',
        description:
          'Each backend (Koha’s term: a supply channel) with its version, the request types and fields it takes, which partners its rota may hold, what Confirm does, and the workflow actions it adds or removes. An action a backend removes is refused on its requests.',
        tags: ['requests'],
        response: {
          200: BackendList,
          401: Type.Ref('ErrorResponse', { description: 'Not logged in as library staff.' }),
          403: Type.Ref('ErrorResponse', { description: 'Needs the ill or configure permission.' }),
        },
      },
    },
    async (request) => ({
      items: await services.backends.enabled(
        staffWithAnyOf(request, PERMISSIONS.ill, PERMISSIONS.configure).libraryId,
      ),
    }),
  );
};
