import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';

/** Options every route plugin receives. */
export interface RouteOptions {
  services: Services;
}

/** A route plugin: validates with TypeBox schemas, authorises, and delegates to a service. */
export type RoutePlugin = FastifyPluginAsyncTypebox<RouteOptions>;
