import { Type } from 'typebox';
import type { RoutePlugin } from './route-plugin.ts';

const HealthReportSchema = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Literal('ok'),
  },
  { description: 'Interlend and its database answer.' },
);

/** `GET /health`: liveness and readiness in one, for load balancers and the CLI. */
export const healthRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Check that Interlend and its database answer',
        tags: ['operations'],
        response: {
          200: HealthReportSchema,
          503: Type.Ref('ErrorResponse', { description: 'The database is unreachable.' }),
        },
      },
    },
    async () => services.health.check(),
  );
};
