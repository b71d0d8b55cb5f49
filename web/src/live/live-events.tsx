/**
 * Live updates in the browser: one EventSource on `GET /api/events` per logged-in tab, shared by
 * every screen. Screens subscribe with {@link useLiveReload} and re-read what they show when a
 * request they show changes, whoever changed it.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/** What the stream said: a request changed, or everything should be re-read. */
export type LiveEvent =
  { readonly kind: 'request'; readonly requestId: string } | { readonly kind: 'resync' };

export type LiveStatus = 'off' | 'connecting' | 'live';

interface LiveValue {
  readonly status: LiveStatus;
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

/** Opens the stream while `enabled` (someone is logged in) and closes it otherwise. */
export function LiveEventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const [status, setStatus] = useState<LiveStatus>('off');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('off');
      return undefined;
    }
    setStatus('connecting');
    const source = new EventSource('/api/events');
    const emit = (event: LiveEvent): void => {
      for (const listener of listeners.current) listener(event);
    };
    let opened = false;
    source.onopen = () => {
      setStatus('live');
      // A reconnection may have missed changes: re-read, as after a resync.
      if (opened) emit({ kind: 'resync' });
      opened = true;
    };
    source.onerror = () => setStatus('connecting');
    source.addEventListener('request', (message) => {
      try {
        const data = JSON.parse((message as MessageEvent<string>).data) as { requestId?: unknown };
        if (typeof data.requestId === 'string') emit({ kind: 'request', requestId: data.requestId });
      } catch {
        // A malformed event changes nothing on screen.
      }
    });
    source.addEventListener('resync', () => emit({ kind: 'resync' }));
    return () => {
      source.close();
      setStatus('off');
    };
  }, [enabled]);

  const value = useMemo<LiveValue>(
    () => ({
      status,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [status],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Whether live updates are flowing, for an indicator. */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? 'off';
}

/**
 * Calls `reload` when a change arrives that `concerns` this screen (every change when omitted), at
 * most once per `delayMs`, so that a burst of changes makes one re-read.
 */
export function useLiveReload(
  reload: () => void,
  concerns?: (requestId: string) => boolean,
  delayMs = 250,
): void {
  const live = useContext(LiveContext);
  const reloadRef = useRef(reload);
  const concernsRef = useRef(concerns);
  reloadRef.current = reload;
  concernsRef.current = concerns;
  useEffect(() => {
    if (live === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = live.subscribe((event) => {
      if (
        event.kind === 'request' &&
        concernsRef.current !== undefined &&
        !concernsRef.current(event.requestId)
      ) {
        return;
      }
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        reloadRef.current();
      }, delayMs);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [live, delayMs]);
}
