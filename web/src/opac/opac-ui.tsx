/**
 * Pieces the OPAC's pages share: who is using the page, pages that need a logged-in patron, the
 * page shown where interlibrary loan is switched off, radio groups, and a request's status.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { OpacLibrary, PatronSummary } from '../api/types.ts';
import { Redirect, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { t } from '../i18n/catalogue.ts';
import { Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { loginPath } from './opac-paths.ts';
import type { PatronStatus } from './patron-status.ts';

/** Who is at this library's OPAC: a patron of it, someone else, or not known yet. */
export type OpacVisitor =
  | { readonly kind: 'loading' }
  | { readonly kind: 'patron'; readonly user: PatronSummary }
  | { readonly kind: 'anonymous'; readonly otherLibrary: string | null };

export function useVisitor(library: Pick<OpacLibrary, 'symbol'>): OpacVisitor {
  const { session } = useSession();
  if (session.kind === 'loading') return { kind: 'loading' };
  if (session.kind === 'patron' && session.user.librarySymbol === library.symbol) {
    return { kind: 'patron', user: session.user };
  }
  return {
    kind: 'anonymous',
    otherLibrary: session.kind === 'patron' ? session.user.libraryName : null,
  };
}

/** The address of the page being shown, to come back to after logging in. */
export function useCurrentPath(): string {
  const { location } = useRouter();
  return `${location.pathname}${location.search}`;
}

/** Renders `children` for a patron of this library; sends anyone else to log in first. */
export function RequirePatron({
  library,
  children,
}: {
  library: OpacLibrary;
  children: (user: PatronSummary) => ReactNode;
}) {
  const visitor = useVisitor(library);
  const here = useCurrentPath();
  if (visitor.kind === 'loading') {
    return (
      <main id="main" className="page page--narrow opac">
        <Loading />
      </main>
    );
  }
  if (visitor.kind === 'anonymous') return <Redirect to={loginPath(library.symbol, here)} />;
  return <>{children(visitor.user)}</>;
}

/** What every page says where the library has switched interlibrary loan off. */
export function ClosedPage({ library }: { library: OpacLibrary }) {
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={t('opac.closed.title')}>{t('opac.closed.title')}</PageHeading>
      <p>{t('opac.landing.closed', { library: library.name })}</p>
    </main>
  );
}

export interface RadioChoice<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly hint?: string;
}

/**
 * A group of radio buttons in a fieldset whose legend is the question. The first button carries
 * `id`, so that an error summary can move focus to the group.
 */
export function RadioGroup<V extends string>({
  id,
  name,
  legend,
  choices,
  value,
  onChange,
  error,
  required,
}: {
  id: string;
  name: string;
  legend: string;
  choices: readonly RadioChoice<V>[];
  value: V;
  onChange: (value: V) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  const generated = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset
      className={error === undefined ? 'opac-choices' : 'opac-choices field--invalid'}
      aria-describedby={error === undefined ? undefined : errorId}
    >
      <legend>
        {legend}
        {required === true ? (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {error === undefined ? null : (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      {choices.map((choice, index) => {
        const choiceId = index === 0 ? id : `${generated}-${choice.value}`;
        const hintId = `${choiceId}-hint`;
        return (
          <div className="opac-choice" key={choice.value}>
            <input
              type="radio"
              id={choiceId}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              aria-describedby={choice.hint === undefined ? undefined : hintId}
            />
            <label htmlFor={choiceId}>{choice.label}</label>
            {choice.hint === undefined ? null : (
              <p id={hintId} className="field__hint">
                {choice.hint}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A request's status: its sentence, marked by tone, and its due date if it has one. */
export function StatusText({ status }: { status: PatronStatus }) {
  return (
    <span className={`opac-status opac-status--${status.tone}`}>
      <span className="opac-status__text">{status.text}</span>
      {status.due === null ? null : <span className="opac-status__due">{status.due}</span>}
    </span>
  );
}

/**
 * A polite live region that says `message` when `count` goes up (a live update arrived), so that
 * screen-reader users hear that the page changed without their doing anything.
 */
export function UpdateAnnouncer({ count, message }: { count: number; message: string }) {
  const [text, setText] = useState('');
  const seen = useRef(count);
  useEffect(() => {
    if (count === seen.current) return undefined;
    seen.current = count;
    setText(message);
    const timer = setTimeout(() => setText(''), 5000);
    return () => clearTimeout(timer);
  }, [count, message]);
  return (
    <p className="opac-live" role="status" aria-live="polite">
      {text}
    </p>
  );
}
