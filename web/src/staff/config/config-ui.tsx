/**
 * The frame every configuration page shares: the permission gate, the breadcrumb back to the
 * configuration index, the page heading, loading and failure states, and the polite live region in
 * which saved changes are confirmed.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { Alert, ErrorMessage, ErrorSummary, Loading } from '../../ui/feedback.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import type { Loaded } from '../../ui/use-api.ts';
import { formErrors, NO_ERRORS, type FormErrors, type FormFields } from './form-errors.ts';
import { canUseSection, sectionById, type SectionId } from './sections.ts';

/** What staff without the permission a page needs see instead of it. */
export function NoPermissionPage() {
  return (
    <main id="main" className="page page--narrow">
      <PageHeading title={t('config.forbidden.title')}>{t('config.forbidden.title')}</PageHeading>
      <p>{t('config.forbidden.body')}</p>
      <p>
        <Link to="/staff">{t('config.forbidden.back')}</Link>
      </p>
    </main>
  );
}

interface Crumb {
  readonly to: string;
  readonly label: string;
}

/**
 * A configuration page of `section`: refused plainly to staff without its permission, else under a
 * breadcrumb (Configuration › section › …) and its heading, `title` or the section's name.
 */
export function ConfigPage({
  user,
  section,
  title,
  trail = [],
  children,
}: {
  user: StaffUserSummary;
  section: SectionId;
  title?: string;
  /** Pages between the section and this one, e.g. a partner's page above its import. */
  trail?: readonly Crumb[];
  children: ReactNode;
}) {
  if (!canUseSection(user.permissions, section)) return <NoPermissionPage />;
  const definition = sectionById(section);
  const sectionTitle = t(definition.title);
  const heading = title ?? sectionTitle;
  const crumbs: Crumb[] = [
    { to: '/staff/config', label: t('config.title') },
    ...(title === undefined ? [] : [{ to: definition.path, label: sectionTitle }, ...trail]),
  ];
  return (
    <main id="main" className="page config-page">
      <nav aria-label={t('config.breadcrumb')} className="config-breadcrumb">
        <ol>
          {crumbs.map((crumb) => (
            <li key={crumb.to}>
              <Link to={crumb.to}>{crumb.label}</Link>
            </li>
          ))}
          <li aria-current="page">{heading}</li>
        </ol>
      </nav>
      <PageHeading title={heading}>{heading}</PageHeading>
      {children}
    </main>
  );
}

/** A failed load: a refusal by the server said plainly, anything else with a retry. */
export function LoadProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert tone="error" title={t('config.forbidden.title')}>
        <p>{t('config.forbidden.server')}</p>
      </Alert>
    );
  }
  return <ErrorMessage error={error} {...(onRetry === undefined ? {} : { onRetry })} />;
}

/** Shows `children(data)` once loaded; meanwhile a loading note, or the failure. */
export function WhenLoaded<T>({
  state,
  label,
  children,
}: {
  state: Loaded<T>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.data === undefined) {
    if (state.error !== undefined) return <LoadProblem error={state.error} onRetry={state.reload} />;
    return <Loading {...(label === undefined ? {} : { label })} />;
  }
  return (
    <>
      {state.error === undefined ? null : <LoadProblem error={state.error} onRetry={state.reload} />}
      {children(state.data)}
    </>
  );
}

/** A message left for the next page, e.g. "Partner added." before going back to the list. */
let pendingFlash: string | undefined;

/** Leaves `message` to be announced by the next page's {@link LiveStatus}. */
export function flash(message: string): void {
  pendingFlash = message;
}

/**
 * The polite live region where saved changes are confirmed. It is in the page from the start (so
 * screen readers announce what appears in it), and shows a message left by the previous page.
 */
export function LiveStatus({ message }: { message: string | undefined }) {
  const [carried, setCarried] = useState<string | undefined>(undefined);
  useEffect(() => {
    // Taken just after the region appears, so that it is announced; taken in the timer, so that an
    // effect run twice (React's strict mode) does not lose it.
    const timer = window.setTimeout(() => {
      if (pendingFlash === undefined) return;
      setCarried(pendingFlash);
      pendingFlash = undefined;
    }, 50);
    return () => window.clearTimeout(timer);
  }, []);
  const shown = message ?? carried;
  return (
    <div role="status" aria-live="polite" className="config-status">
      {shown === undefined ? null : <p className="alert alert--success">{shown}</p>}
    </div>
  );
}

/** The state of a form that saves through the API. */
export interface Submitter {
  readonly busy: boolean;
  readonly errors: FormErrors;
  /** The confirmation to show in the live region. */
  readonly status: string | undefined;
  setErrors(errors: FormErrors): void;
  setStatus(status: string | undefined): void;
  /**
   * Runs `call`; on success shows what `success` returns (if anything) and resolves with the result,
   * on failure shows the errors by field and resolves with undefined.
   */
  run<T>(call: () => Promise<T>, success?: (value: T) => string | void): Promise<T | undefined>;
}

export function useSubmitter(fields: FormFields): Submitter {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const run = useCallback(
    async <T,>(call: () => Promise<T>, success?: (value: T) => string | void): Promise<T | undefined> => {
      setBusy(true);
      setErrors(NO_ERRORS);
      setStatus(undefined);
      try {
        const value = await call();
        const message = success?.(value);
        if (typeof message === 'string') setStatus(message);
        return value;
      } catch (error) {
        setErrors(formErrors(error, fields));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fields],
  );
  return { busy, errors, status, setErrors, setStatus, run };
}

/** The error summary of a form, from its {@link FormErrors}. */
export function FormErrorSummary({ errors }: { errors: FormErrors }) {
  return (
    <ErrorSummary
      errors={errors.summary}
      {...(errors.message === undefined || errors.summary.length > 0 ? {} : { message: errors.message })}
    />
  );
}

/** A message beyond the fields, shown under the summary when there are field errors too. */
export function FormMessage({ errors }: { errors: FormErrors }) {
  if (errors.message === undefined || errors.summary.length === 0) return null;
  return <Alert tone="error">{errors.message}</Alert>;
}
