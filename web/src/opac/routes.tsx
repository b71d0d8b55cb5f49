import type { ReactNode } from 'react';
import type { OpacLibrary } from '../api/types.ts';
import { LandingPage } from './LandingPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { MyRequestsPage } from './MyRequestsPage.tsx';
import { RequestDetailPage } from './RequestDetailPage.tsx';
import { RequestDonePage } from './RequestDonePage.tsx';
import { RequestFormPage } from './RequestFormPage.tsx';
import { RequestSummaryPage } from './RequestSummaryPage.tsx';

export type { OpacLibrary };

/** A page of the OPAC, rendered for its library. */
export interface OpacRoute {
  readonly path: string;
  render(params: Record<string, string>, library: OpacLibrary): ReactNode;
}

/** The OPAC's pages, under /opac/:symbol. */
export const opacRoutes: readonly OpacRoute[] = [
  { path: '/opac/:symbol', render: (_params, library) => <LandingPage library={library} /> },
  { path: '/opac/:symbol/login', render: (_params, library) => <LoginPage library={library} /> },
  { path: '/opac/:symbol/request', render: (_params, library) => <RequestFormPage library={library} /> },
  {
    path: '/opac/:symbol/request/summary',
    render: (_params, library) => <RequestSummaryPage library={library} />,
  },
  { path: '/opac/:symbol/request/done', render: (_params, library) => <RequestDonePage library={library} /> },
  { path: '/opac/:symbol/requests', render: (_params, library) => <MyRequestsPage library={library} /> },
  {
    path: '/opac/:symbol/requests/:id',
    render: (params, library) => <RequestDetailPage library={library} requestId={params.id ?? ''} />,
  },
];
