/** `GET /api/requests`: the request list of staff, with filters, keyword search, queues and paging. */
import { Type } from 'typebox';
import { staffOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { RequestListQuery, RequestListResponse } from './request-search.schemas.ts';

const errors = {
  400: Type.Ref('ErrorResponse', { description: 'A parameter is invalid; `details.issues` names it.' }),
  401: Type.Ref('ErrorResponse', { description: 'Not logged in.' }),
  403: Type.Ref('ErrorResponse', { description: 'Missing the `ill` permission.' }),
};

export const requestSearchRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/requests',
    {
      schema: {
        summary: 'List and search your library’s requests, or open a work queue',
        description:
          'Completed requests are left out unless `includeCompleted=true` or the keyword is a request number. Pages are keyset-based: pass `nextCursor` back as `cursor` with the same other parameters. Every column of the list sorts, both ways, ties broken by the request id, and pages stay exact for each. Sorting by updatedAt, createdAt or number (and the queues) walks an index; other sorts sort the matching requests. Filters on the patron, partner, pickup branch, identifiers and days use indexes.',
        tags: ['requests'],
        querystring: RequestListQuery,
        response: { 200: RequestListResponse, ...errors },
      },
    },
    async (request) => services.requestSearch.list(staffOf(request, PERMISSIONS.ill), request.query),
  );
};
