import type { ReactNode } from 'react';

/** What the OPAC knows about its library (`GET /api/opac/libraries/:symbol`). */
export interface OpacLibrary {
  readonly symbol: string;
  readonly name: string;
  readonly illModuleEnabled: boolean;
  readonly copyrightClearance: string | null;
  readonly unauthenticatedRequests: boolean;
  readonly pickupBranches: readonly { id: string; code: string; name: string }[];
  readonly requestTypes: readonly { type: string; requiredFields: readonly string[] }[];
}

/** A page of the OPAC, rendered for its library. */
export interface OpacRoute {
  readonly path: string;
  render(params: Record<string, string>, library: OpacLibrary): ReactNode;
}

/** The OPAC's pages, under /opac/:symbol. */
export const opacRoutes: readonly OpacRoute[] = [];
