import { RouterProvider, Routes } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { LiveEventsProvider } from '../live/live-events.tsx';
import { HomePage } from './HomePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { OpacApp } from '../opac/OpacApp.tsx';
import { StaffApp } from '../staff/StaffApp.tsx';

function Live({ children }: { children: React.ReactNode }) {
  const { session } = useSession();
  return (
    <LiveEventsProvider enabled={session.kind === 'staff' || session.kind === 'patron'}>
      {children}
    </LiveEventsProvider>
  );
}

/** The whole web client: the start page, the OPAC of each library, and the staff client. */
export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Live>
          <Routes
            routes={[
              { path: '/', render: () => <HomePage /> },
              { path: '/opac/:symbol/*', render: (params) => <OpacApp symbol={params.symbol ?? ''} /> },
              { path: '/opac/:symbol', render: (params) => <OpacApp symbol={params.symbol ?? ''} /> },
              { path: '/staff/*', render: () => <StaffApp /> },
              { path: '/staff', render: () => <StaffApp /> },
            ]}
            fallback={<NotFoundPage />}
          />
        </Live>
      </SessionProvider>
    </RouterProvider>
  );
}
