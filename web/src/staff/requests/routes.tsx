import type { StaffRoute } from '../staff-route.ts';

/** The pages of request work: dashboard, request list, request page, new request, lending. */
export const requestRoutes: readonly StaffRoute[] = [];
