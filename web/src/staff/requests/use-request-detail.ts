import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { RequestDetailView } from '../../api/types.ts';

export interface RequestDetailState {
  readonly detail: RequestDetailView | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** When a re-read brought a version changed by someone else (a partner, a timer, a colleague). */
  readonly changedElsewhereAt: Date | null;
  /** Reads the request again, keeping the page on screen meanwhile. */
  reload(): void;
  /** Shows the request as an action of ours returned it. */
  replace(detail: RequestDetailView): void;
}

/**
 * One request, as the request page shows it. A newer version is never replaced by an older one,
 * whichever answer arrives last, so that a slow re-read cannot undo what an action just showed.
 */
export function useRequestDetail(id: string): RequestDetailState {
  const [detail, setDetail] = useState<RequestDetailView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [changedElsewhereAt, setChangedElsewhereAt] = useState<Date | null>(null);
  const [generation, setGeneration] = useState(0);
  const current = useRef<RequestDetailView | undefined>(undefined);

  const show = useCallback((next: RequestDetailView, fromElsewhere: boolean) => {
    const shown = current.current;
    if (shown !== undefined && shown.id === next.id && shown.version > next.version) return;
    if (fromElsewhere && shown !== undefined && shown.id === next.id && next.version > shown.version) {
      setChangedElsewhereAt(new Date());
    }
    current.current = next;
    setDetail(next);
    setError(undefined);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    if (current.current !== undefined && current.current.id !== id) {
      // Another request: nothing of the previous one stays on screen.
      current.current = undefined;
      setDetail(undefined);
      setChangedElsewhereAt(null);
    }
    setLoading(true);
    api
      .get<RequestDetailView>(`/api/requests/${encodeURIComponent(id)}`, undefined, {
        signal: controller.signal,
      })
      .then(
        (value) => {
          if (controller.signal.aborted) return;
          show(value, true);
          setLoading(false);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setError(failure);
          setLoading(false);
        },
      );
    return () => controller.abort();
  }, [id, generation, show]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const replace = useCallback((next: RequestDetailView) => show(next, false), [show]);
  return { detail, error, loading, changedElsewhereAt, reload, replace };
}
