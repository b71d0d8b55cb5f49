/**
 * The request a patron is writing, shared by the form, its summary and the confirmation, and kept in
 * the tab's session storage: going back to change something, an error from the server, a reload or
 * logging in half-way loses nothing. Logging out clears it, for shared OPAC terminals.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { OpacLibrary } from '../api/types.ts';
import { emptyDraft, isRequestType, type FormErrors, type RequestDraft } from './request-form.ts';

/** The request just placed, for the confirmation page. */
export interface PlacedRequest {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  /** Placed without logging in: the patron cannot open its page. */
  readonly anonymous: boolean;
  readonly email: string | null;
}

interface DraftStore {
  /** The draft, or null when the patron has not started one. */
  readonly draft: RequestDraft | null;
  saveDraft(draft: RequestDraft): void;
  clearDraft(): void;
  /** The server's complaints about the draft, for the form to show once. */
  readonly serverErrors: FormErrors | null;
  setServerErrors(errors: FormErrors | null): void;
  readonly placed: PlacedRequest | null;
  setPlaced(placed: PlacedRequest): void;
  /** Forget everything (on logout). */
  clearAll(): void;
}

const DraftContext = createContext<DraftStore | null>(null);

function storageKey(symbol: string, what: 'draft' | 'placed'): string {
  return `interlend.opac.${symbol}.${what}`;
}

function read(key: string): unknown {
  try {
    const text = window.sessionStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the draft still lives in memory for this page.
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored draft, completed with the empty draft's defaults; null if what is stored is not one. */
function storedDraft(value: unknown, library: OpacLibrary): RequestDraft | null {
  if (!isRecord(value) || typeof value.type !== 'string' || !isRequestType(value.type)) return null;
  if (!isRecord(value.fields) || !Array.isArray(value.customFields) || !isRecord(value.contact)) return null;
  return { ...emptyDraft(library), ...(value as Partial<RequestDraft>) };
}

function storedPlaced(value: unknown): PlacedRequest | null {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.reference !== 'string') return null;
  return value as unknown as PlacedRequest;
}

export function DraftProvider({ library, children }: { library: OpacLibrary; children: ReactNode }) {
  const symbol = library.symbol;
  const [draft, setDraft] = useState(() => storedDraft(read(storageKey(symbol, 'draft')), library));
  const [placed, setPlacedState] = useState(() => storedPlaced(read(storageKey(symbol, 'placed'))));
  const [serverErrors, setServerErrors] = useState<FormErrors | null>(null);

  const saveDraft = useCallback(
    (next: RequestDraft) => {
      setDraft(next);
      write(storageKey(symbol, 'draft'), next);
    },
    [symbol],
  );
  const clearDraft = useCallback(() => {
    setDraft(null);
    write(storageKey(symbol, 'draft'), null);
  }, [symbol]);
  const setPlaced = useCallback(
    (next: PlacedRequest) => {
      setPlacedState(next);
      write(storageKey(symbol, 'placed'), next);
    },
    [symbol],
  );
  const clearAll = useCallback(() => {
    clearDraft();
    setPlacedState(null);
    setServerErrors(null);
    write(storageKey(symbol, 'placed'), null);
  }, [clearDraft, symbol]);

  const value = useMemo(
    () => ({ draft, saveDraft, clearDraft, serverErrors, setServerErrors, placed, setPlaced, clearAll }),
    [draft, saveDraft, clearDraft, serverErrors, placed, setPlaced, clearAll],
  );
  return <DraftContext.Provider value={value}>{children}</DraftContext.Provider>;
}

export function useDraftStore(): DraftStore {
  const store = useContext(DraftContext);
  if (store === null) throw new Error('useDraftStore outside DraftProvider');
  return store;
}
