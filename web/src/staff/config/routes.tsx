import type { StaffRoute } from '../staff-route.ts';

/** The configuration pages, under /staff/config. */
export const configRoutes: readonly StaffRoute[] = [];
