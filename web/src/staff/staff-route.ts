import type { ReactNode } from 'react';
import type { StaffUserSummary } from '../api/types.ts';

/** A page of the staff client: its path pattern, rendered for the logged-in user. */
export interface StaffRoute {
  readonly path: string;
  render(params: Record<string, string>, user: StaffUserSummary): ReactNode;
}
