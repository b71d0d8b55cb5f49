import { healthRoutes } from './health.route.ts';
import { rootRoutes } from './root.route.ts';
import type { RoutePlugin } from './route-plugin.ts';
import { workflowRoutes } from './workflow.route.ts';

export type { RouteOptions, RoutePlugin } from './route-plugin.ts';

/** Every route plugin, registered in this order by `buildApp`. Add new route files here. */
export const routes: readonly RoutePlugin[] = [rootRoutes, healthRoutes, workflowRoutes];
