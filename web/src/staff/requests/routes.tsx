import { DashboardPage } from '../dashboard/DashboardPage.tsx';
import type { StaffRoute } from '../staff-route.ts';
import { NewRequestPage } from './NewRequestPage.tsx';
import { RequestListPage } from './RequestListPage.tsx';
import { RequestPage } from './RequestPage.tsx';

/** The pages of request work: dashboard, request list, request page, new request, lending. */
export const requestRoutes: readonly StaffRoute[] = [
  { path: '/staff', render: (_params, user) => <DashboardPage user={user} /> },
  { path: '/staff/requests', render: () => <RequestListPage /> },
  { path: '/staff/lending', render: () => <RequestListPage lending /> },
  { path: '/staff/requests/new', render: () => <NewRequestPage /> },
  {
    path: '/staff/requests/:id',
    render: (params) => <RequestPage key={params.id} id={params.id ?? ''} />,
  },
];
