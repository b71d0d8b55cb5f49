/**
 * Who is using the client: a staff user, a patron, or nobody yet. Loaded once from
 * `GET /api/auth/me`, changed by logging in and out, and cleared when the server says the session
 * has ended (any 401).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, UNAUTHENTICATED_EVENT } from '../api/client.ts';
import type { MeResponse, PatronSummary, StaffUserSummary } from '../api/types.ts';

export type Session =
  | { readonly kind: 'loading' }
  | { readonly kind: 'anonymous'; readonly ended: boolean }
  | { readonly kind: 'staff'; readonly user: StaffUserSummary }
  | { readonly kind: 'patron'; readonly user: PatronSummary };

interface SessionValue {
  readonly session: Session;
  loginStaff(username: string, password: string): Promise<void>;
  loginPatron(library: string, cardNumber: string, secret: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

function fromMe(me: MeResponse): Session {
  if (me.authenticatedBy !== 'session') return { kind: 'anonymous', ended: false };
  setCsrfToken(me.csrfToken);
  return me.kind === 'staff' ? { kind: 'staff', user: me.user } : { kind: 'patron', user: me.user };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ kind: 'loading' });

  useEffect(() => {
    let active = true;
    api
      .get<MeResponse>('/api/auth/me', undefined, { quietUnauthenticated: true })
      .then((me) => active && setSession(fromMe(me)))
      .catch((error: unknown) => {
        if (!active) return;
        if (error instanceof ApiError && error.status === 401)
          setSession({ kind: 'anonymous', ended: false });
        else setSession({ kind: 'anonymous', ended: false });
      });
    const onEnded = (): void => {
      setCsrfToken(null);
      setSession((current) => (current.kind === 'anonymous' ? current : { kind: 'anonymous', ended: true }));
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onEnded);
    return () => {
      active = false;
      window.removeEventListener(UNAUTHENTICATED_EVENT, onEnded);
    };
  }, []);

  const loginStaff = useCallback(async (username: string, password: string) => {
    const result = await api.post<{ user: StaffUserSummary; csrfToken: string }>(
      '/api/auth/staff/login',
      { username, password },
      { quietUnauthenticated: true },
    );
    setCsrfToken(result.csrfToken);
    setSession({ kind: 'staff', user: result.user });
  }, []);

  const loginPatron = useCallback(async (library: string, cardNumber: string, secret: string) => {
    const result = await api.post<{ user: PatronSummary; csrfToken: string }>(
      '/api/auth/patron/login',
      { library, cardNumber, secret },
      { quietUnauthenticated: true },
    );
    setCsrfToken(result.csrfToken);
    setSession({ kind: 'patron', user: result.user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quietUnauthenticated: true });
    } finally {
      setCsrfToken(null);
      setSession({ kind: 'anonymous', ended: false });
    }
  }, []);

  const value = useMemo(
    () => ({ session, loginStaff, loginPatron, logout }),
    [session, loginStaff, loginPatron, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
