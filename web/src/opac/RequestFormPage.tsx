/**
 * `/opac/<symbol>/request`: the request form. The type of item first, then its fields in the parts
 * that type has, what is wanted (a loan or a copy), where to collect it, the patron's own details,
 * their contact where they are not logged in, and the copyright declaration where the library has
 * one. An OpenURL on the address fills it in. Nothing is sent here: Continue checks the form and
 * goes on to the summary, where the patron confirms.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { BibliographicField, OpacLibrary, RequestType, ServiceWanted } from '../api/types.ts';
import { Link, Redirect, useRouter } from '../app/router.tsx';
import { t } from '../i18n/catalogue.ts';
import { Alert, ErrorSummary, Loading, type SummaryError } from '../ui/feedback.tsx';
import { CheckboxField, SelectField, TextArea, TextField } from '../ui/fields.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useDraftStore } from './draft-store.tsx';
import { loginPath, opacPath } from './opac-paths.ts';
import { ClosedPage, RadioGroup, useCurrentPath, useVisitor } from './opac-ui.tsx';
import { parseOpenUrl } from './openurl.ts';
import {
  FIELD_MAX_LENGTH,
  MAX_CUSTOM_FIELDS,
  SERVICES,
  draftFromCitation,
  emptyDraft,
  fieldHint,
  fieldId,
  fieldLabel,
  localToday,
  newCustomField,
  offeredTypes,
  serviceName,
  typeHint,
  typeName,
  validateDraft,
  visibleSections,
  withType,
  type CustomFieldRow,
  type FormErrors,
  type RequestDraft,
} from './request-form.ts';

/** The errors as the summary at the top lists them, each linking to its control. */
function summaryOf(errors: FormErrors): SummaryError[] {
  return Object.entries(errors)
    .filter(([path]) => path !== 'general')
    .map(([path, message]) => ({ fieldId: fieldId(path), message }));
}

function CustomFields({
  rows,
  errors,
  onChange,
  onAdd,
  onRemove,
}: {
  rows: readonly CustomFieldRow[];
  errors: FormErrors;
  onChange: (row: CustomFieldRow) => void;
  onAdd: () => void;
  onRemove: (row: CustomFieldRow, index: number) => void;
}) {
  return (
    <fieldset className="opac-custom">
      <legend>{t('opac.custom.legend')}</legend>
      <p className="field__hint" id="opac-custom-hint">
        {t('opac.custom.hint')}
      </p>
      {rows.map((row, index) => {
        const number = index + 1;
        return (
          <fieldset key={row.id} className="opac-custom__row">
            <legend>{t('opac.custom.row', { number })}</legend>
            <TextField
              id={fieldId(`customFields.${row.id}.key`)}
              label={t('opac.custom.key')}
              maxLength={64}
              autoComplete="off"
              value={row.key}
              error={errors[`customFields.${row.id}.key`]}
              onChange={(event) => onChange({ ...row, key: event.target.value })}
            />
            <TextField
              id={fieldId(`customFields.${row.id}.value`)}
              label={t('opac.custom.value')}
              maxLength={2000}
              autoComplete="off"
              value={row.value}
              error={errors[`customFields.${row.id}.value`]}
              onChange={(event) => onChange({ ...row, value: event.target.value })}
            />
            <button
              type="button"
              className="button button--ghost button--small opac-custom__remove"
              onClick={() => onRemove(row, index)}
            >
              {t('opac.custom.remove', { number })}
            </button>
          </fieldset>
        );
      })}
      {errors['details.customFields'] === undefined ? null : (
        <p className="field__error">{errors['details.customFields']}</p>
      )}
      {rows.length >= MAX_CUSTOM_FIELDS ? (
        <p className="field__hint">{t('opac.custom.limit', { max: MAX_CUSTOM_FIELDS })}</p>
      ) : (
        <button
          type="button"
          id={fieldId('details.customFields')}
          className="button button--secondary"
          onClick={onAdd}
          aria-describedby="opac-custom-hint"
        >
          {t('opac.custom.add')}
        </button>
      )}
    </fieldset>
  );
}

function RequestForm({ library, anonymous }: { library: OpacLibrary; anonymous: boolean }) {
  const store = useDraftStore();
  const { location, navigate } = useRouter();
  const query = location.search;
  const citation = useMemo(() => parseOpenUrl(query), [query]);
  // A link's citation fills the form once; coming back to the same link keeps the patron's edits.
  const fromLink = useMemo(
    () =>
      citation !== undefined && store.draft?.openUrl !== query
        ? draftFromCitation(citation, library, query)
        : null,
    [citation, library, query, store.draft?.openUrl],
  );
  const draft: RequestDraft = fromLink ?? store.draft ?? emptyDraft(library);
  const { saveDraft, serverErrors, setServerErrors } = store;
  useEffect(() => {
    if (fromLink !== null) saveDraft(fromLink);
  }, [fromLink, saveDraft]);

  const [errors, setErrors] = useState<FormErrors>(() => serverErrors ?? {});
  const [general, setGeneral] = useState<string | undefined>(() =>
    serverErrors === null ? undefined : (serverErrors.general ?? t('opac.error.notAccepted')),
  );
  useEffect(() => {
    if (serverErrors !== null) setServerErrors(null);
  }, [serverErrors, setServerErrors]);
  const summary = useMemo(() => summaryOf(errors), [errors]);
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterRender.current === null) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  const update = (change: Partial<RequestDraft>): void => saveDraft({ ...draft, ...change });
  const setField = (field: BibliographicField, value: string): void =>
    update({ fields: { ...draft.fields, [field]: value } });
  const types = offeredTypes(library);
  const required = new Set(
    library.requestTypes.find((entry) => entry.type === draft.type)?.requiredFields ?? [],
  );
  const prefilled = draft.openUrl !== null && draft.openUrl === query && query !== '';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = validateDraft(draft, library, { anonymous, today: localToday() });
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length > 0) return;
    saveDraft(draft);
    navigate(opacPath(library.symbol, 'request', 'summary'));
  };

  return (
    <>
      <ErrorSummary errors={summary} {...(general === undefined ? {} : { message: general })} />
      {prefilled ? <Alert tone="info">{t('opac.form.prefilled')}</Alert> : null}
      <form className="form opac-form" onSubmit={submit} noValidate>
        <RadioGroup<RequestType>
          id={fieldId('details.type')}
          name="type"
          legend={t('opac.form.type')}
          required
          choices={types.map((type) => ({ value: type, label: typeName(type), hint: typeHint(type) }))}
          value={draft.type}
          error={errors['details.type']}
          onChange={(type) => saveDraft(withType(draft, type))}
        />

        {visibleSections(draft).map((section) => (
          <fieldset key={section.legend}>
            <legend>{t(section.legend)}</legend>
            <div className="form-grid">
              {section.fields.map((field) => (
                <TextField
                  key={field}
                  id={fieldId(`details.${field}`)}
                  name={field}
                  label={fieldLabel(draft.type, field)}
                  hint={fieldHint(field)}
                  required={required.has(field)}
                  maxLength={FIELD_MAX_LENGTH[field]}
                  autoComplete="off"
                  value={draft.fields[field] ?? ''}
                  error={errors[`details.${field}`]}
                  onChange={(event) => setField(field, event.target.value)}
                />
              ))}
            </div>
          </fieldset>
        ))}

        <RadioGroup<ServiceWanted>
          id={fieldId('details.serviceType')}
          name="serviceType"
          legend={t('opac.form.service')}
          choices={SERVICES.map((service) => ({ value: service, label: serviceName(service) }))}
          value={draft.serviceType}
          error={errors['details.serviceType']}
          onChange={(serviceType) => update({ serviceType, serviceChosen: true })}
        />

        <fieldset>
          <legend>{t('opac.form.pickupAndDates')}</legend>
          <div className="form-grid">
            {library.pickupBranches.length === 0 ? null : (
              <SelectField
                id={fieldId('details.pickupBranchId')}
                label={t('opac.form.pickup')}
                required
                placeholder={t('form.choose')}
                options={library.pickupBranches.map((branch) => ({ value: branch.id, label: branch.name }))}
                value={draft.pickupBranchId}
                error={errors['details.pickupBranchId']}
                onChange={(event) => update({ pickupBranchId: event.target.value })}
              />
            )}
            <TextField
              id={fieldId('details.needBefore')}
              type="date"
              label={t('opac.form.needBefore')}
              hint={t('opac.form.needBefore.hint')}
              min={localToday()}
              value={draft.needBefore}
              error={errors['details.needBefore']}
              onChange={(event) => update({ needBefore: event.target.value })}
            />
          </div>
          <TextArea
            id={fieldId('details.patronNotes')}
            label={t('opac.form.notes')}
            hint={t('opac.form.notes.hint')}
            maxLength={4000}
            value={draft.patronNotes}
            error={errors['details.patronNotes']}
            onChange={(event) => update({ patronNotes: event.target.value })}
          />
        </fieldset>

        <CustomFields
          rows={draft.customFields}
          errors={errors}
          onChange={(row) =>
            update({
              customFields: draft.customFields.map((candidate) =>
                candidate.id === row.id ? row : candidate,
              ),
            })
          }
          onAdd={() => {
            const row = newCustomField(draft);
            update({ customFields: [...draft.customFields, row] });
            focusAfterRender.current = fieldId(`customFields.${row.id}.key`);
          }}
          onRemove={(row, index) => {
            const rest = draft.customFields.filter((candidate) => candidate.id !== row.id);
            update({ customFields: rest });
            const neighbour = rest[Math.min(index, rest.length - 1)];
            focusAfterRender.current =
              neighbour === undefined
                ? fieldId('details.customFields')
                : fieldId(`customFields.${neighbour.id}.key`);
          }}
        />

        {anonymous ? (
          <fieldset>
            <legend>{t('opac.contact.legend')}</legend>
            <p className="field__hint">{t('opac.contact.hint')}</p>
            <div className="form-grid">
              <TextField
                id={fieldId('contact.name')}
                label={t('opac.contact.name')}
                autoComplete="name"
                required
                maxLength={200}
                value={draft.contact.name}
                error={errors['contact.name']}
                onChange={(event) => update({ contact: { ...draft.contact, name: event.target.value } })}
              />
              <TextField
                id={fieldId('contact.email')}
                type="email"
                label={t('opac.contact.email')}
                autoComplete="email"
                required
                maxLength={320}
                value={draft.contact.email}
                error={errors['contact.email']}
                onChange={(event) => update({ contact: { ...draft.contact, email: event.target.value } })}
              />
            </div>
          </fieldset>
        ) : null}

        {library.copyrightClearance === null ? null : (
          <fieldset className="opac-copyright">
            <legend>{t('opac.copyright.legend')}</legend>
            <p>{t('opac.copyright.intro', { library: library.name })}</p>
            <blockquote className="opac-copyright__text">{library.copyrightClearance}</blockquote>
            <CheckboxField
              id={fieldId('copyrightAccepted')}
              label={t('opac.copyright.accept')}
              checked={draft.copyrightAccepted}
              error={errors.copyrightAccepted}
              onChange={(event) => update({ copyrightAccepted: event.target.checked })}
            />
          </fieldset>
        )}

        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('opac.form.continue')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              saveDraft({ ...emptyDraft(library), openUrl: draft.openUrl });
              setErrors({});
              setGeneral(undefined);
            }}
          >
            {t('opac.form.startAgain')}
          </button>
        </div>
      </form>
    </>
  );
}

export function RequestFormPage({ library }: { library: OpacLibrary }) {
  const visitor = useVisitor(library);
  const here = useCurrentPath();
  if (!library.illModuleEnabled) return <ClosedPage library={library} />;
  if (visitor.kind === 'loading') {
    return (
      <main id="main" className="page page--narrow opac">
        <Loading />
      </main>
    );
  }
  const anonymous = visitor.kind !== 'patron';
  if (anonymous && !library.unauthenticatedRequests) return <Redirect to={loginPath(library.symbol, here)} />;
  return (
    <main id="main" className="page opac opac-page">
      <PageHeading title={t('opac.form.title')}>{t('opac.form.title')}</PageHeading>
      <p>{t('opac.form.intro')}</p>
      {anonymous ? (
        <p>
          {t('opac.form.anonymousLogin')}{' '}
          <Link to={loginPath(library.symbol, here)}>{t('opac.form.anonymousLoginLink')}</Link>
        </p>
      ) : null}
      <RequestForm library={library} anonymous={anonymous} />
    </main>
  );
}
