/**
 * New request (staff): for a patron of the library (found by card number or name) or for the library
 * itself, through one of the library's enabled backends, with the item's details, the service wanted
 * and the rota of partners in the order they are to be asked. Then on to the new request's page.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey } from '../../api/client.ts';
import type {
  LibrarySettings,
  PartnerBody,
  PartnerList,
  PatronPage,
  PatronView,
  PickupBranch,
  RequestDetailView,
} from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t, tOr } from '../../i18n/catalogue.ts';
import { Alert, ErrorMessage, ErrorSummary, errorText, Loading } from '../../ui/feedback.tsx';
import { CheckboxField } from '../../ui/fields.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApi } from '../../ui/use-api.ts';
import {
  detailsFieldErrors,
  emptyDetailsForm,
  newRequestDetails,
  validateDetails,
  type DetailsForm,
} from './details-form.ts';
import { DetailsFields, detailsFieldId, detailsProblemText } from './DetailsFields.tsx';
import { setFlash } from './flash.ts';
import { moveRotaEntry } from './rota-order.ts';
import type { BackendValue } from './state-presentation.ts';

const ID = 'new-request';

function PatronPicker({
  patron,
  forLibrary,
  onPick,
  onForLibrary,
  error,
}: {
  patron: PatronView | null;
  forLibrary: boolean;
  onPick: (patron: PatronView | null) => void;
  onForLibrary: (value: boolean) => void;
  error: string | undefined;
}) {
  const [text, setText] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const results = useApi(
    (signal) =>
      searched === null
        ? Promise.resolve(undefined)
        : api.get<PatronPage>('/api/patrons', { query: searched, limit: 10 }, { signal }),
    [searched],
  );
  const search = (): void => {
    if (text.trim() !== '') setSearched(text.trim());
  };
  return (
    <fieldset>
      <legend>{t('staff.new.patron')}</legend>
      {error === undefined ? null : <p className="field__error">{error}</p>}
      {patron !== null ? (
        <div className="staff-picked">
          <p>
            {t('staff.new.patronChosen', { name: patron.name, cardNumber: patron.cardNumber })}
            {patron.email === null ? null : <span className="staff-subtle">{patron.email}</span>}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => onPick(null)}
          >
            {t('staff.new.changePatron')}
          </button>
        </div>
      ) : (
        <>
          {forLibrary ? null : (
            <div className="field">
              <label htmlFor={`${ID}-patron-search`} className="field__label">
                {t('staff.new.patronSearch')}
              </label>
              <p id={`${ID}-patron-search-hint`} className="field__hint">
                {t('staff.new.patronSearchHint')}
              </p>
              <div className="staff-search__row">
                <input
                  id={`${ID}-patron-search`}
                  type="search"
                  className="field__input"
                  aria-describedby={`${ID}-patron-search-hint`}
                  aria-invalid={error === undefined ? undefined : true}
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      search();
                    }
                  }}
                />
                <button type="button" className="button button--secondary" onClick={search}>
                  {t('staff.new.findPatron')}
                </button>
              </div>
            </div>
          )}
          {forLibrary || searched === null ? null : results.data === undefined ? (
            results.error === undefined ? (
              <Loading />
            ) : (
              <ErrorMessage error={results.error} onRetry={results.reload} />
            )
          ) : results.data.items.length === 0 ? (
            <p role="status">{t('staff.new.noPatrons', { query: searched })}</p>
          ) : (
            <ul className="staff-patron-results" aria-label={t('staff.new.patronResults')}>
              {results.data.items.map((candidate) => (
                <li key={candidate.id}>
                  <span>
                    {candidate.name} <span className="staff-subtle">{candidate.cardNumber}</span>
                    {candidate.active ? null : (
                      <span className="staff-subtle">{t('staff.new.inactive')}</span>
                    )}
                  </span>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => onPick(candidate)}
                  >
                    {t('staff.new.choose')}
                    <span className="visually-hidden"> {candidate.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <CheckboxField
            id={`${ID}-for-library`}
            label={t('staff.new.forLibrary')}
            checked={forLibrary}
            onChange={(event) => onForLibrary(event.target.checked)}
          />
        </>
      )}
    </fieldset>
  );
}

function RotaEditor({
  partners,
  rota,
  onChange,
  error,
}: {
  partners: readonly PartnerBody[];
  rota: readonly string[];
  onChange: (rota: string[]) => void;
  error: string | undefined;
}) {
  const byId = new Map(partners.map((partner) => [partner.id, partner]));
  const others = partners.filter((partner) => !rota.includes(partner.id));
  const [adding, setAdding] = useState('');
  return (
    <fieldset>
      <legend>{t('staff.new.rota')}</legend>
      <p className="field__hint">{t('staff.new.rotaHint')}</p>
      {error === undefined ? null : <p className="field__error">{error}</p>}
      {rota.length === 0 ? (
        <p className="muted">{t('staff.new.rotaEmpty')}</p>
      ) : (
        <ol className="staff-rota-editor">
          {rota.map((id, index) => {
            const partner = byId.get(id);
            const name = partner === undefined ? id : `${partner.name} (${partner.symbol})`;
            return (
              <li key={id}>
                <span className="staff-rota-editor__name">
                  {t('staff.new.rotaPosition', { position: index + 1, name })}
                </span>
                <span className="staff-rota-editor__buttons">
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={index === 0}
                    onClick={() => onChange(moveRotaEntry(rota, index, -1))}
                  >
                    {t('staff.new.moveUp')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={index === rota.length - 1}
                    onClick={() => onChange(moveRotaEntry(rota, index, 1))}
                  >
                    {t('staff.new.moveDown')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    onClick={() => onChange(rota.filter((entry) => entry !== id))}
                  >
                    {t('form.remove')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {others.length === 0 ? null : (
        <div className="staff-search__row">
          <div className="field">
            <label htmlFor={`${ID}-rota-add`} className="field__label">
              {t('staff.new.addToRota')}
            </label>
            <select
              id={`${ID}-rota-add`}
              className="field__input"
              value={adding}
              onChange={(event) => setAdding(event.target.value)}
            >
              <option value="">{t('form.choose')}</option>
              {others.map((partner) => (
                <option key={partner.id} value={partner.id}>
                  {partner.name} ({partner.symbol})
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary"
            disabled={adding === ''}
            onClick={() => {
              onChange([...rota, adding]);
              setAdding('');
            }}
          >
            {t('form.add')}
          </button>
        </div>
      )}
    </fieldset>
  );
}

function NewRequestForm({
  settings,
  partners,
  branches,
}: {
  settings: LibrarySettings;
  partners: readonly PartnerBody[];
  branches: readonly PickupBranch[];
}) {
  const { navigate } = useRouter();
  const idPrefix = useId();
  const backends = settings.enabledBackends as BackendValue[];
  const partnersOf = (backend: string): string[] =>
    partners.filter((partner) => partner.active && partner.protocol === backend).map((partner) => partner.id);
  const [backend, setBackend] = useState<string>(backends[0] ?? '');
  const [rota, setRota] = useState<string[]>(() => partnersOf(backends[0] ?? ''));
  const [patron, setPatron] = useState<PatronView | null>(null);
  const [forLibrary, setForLibrary] = useState(false);
  const [form, setForm] = useState<DetailsForm>(() => emptyDetailsForm());
  const [copyright, setCopyright] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const chooseBackend = (next: string): void => {
    setBackend(next);
    setRota(partnersOf(next));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = Object.fromEntries(
      Object.entries(validateDetails(form)).map(([field, problem]) => [
        field,
        detailsProblemText(field, problem),
      ]),
    );
    if (patron === null && !forLibrary) found['patron'] = t('staff.new.patronRequired');
    if (settings.copyrightClearance !== null && !copyright)
      found['copyright'] = t('staff.new.copyrightRequired');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await api.post<RequestDetailView>(
        '/api/requests',
        {
          details: newRequestDetails(form, patron?.id ?? null),
          backend,
          rota,
          ...(settings.copyrightClearance === null ? {} : { copyrightAccepted: copyright }),
        },
        { headers: { 'idempotency-key': idempotencyKey() } },
      );
      setFlash(t('staff.new.created', { reference: created.reference }));
      navigate(`/staff/requests/${created.id}`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 400) {
        const fieldErrors = error.fieldErrors();
        const { '': _other, ...byField } = detailsFieldErrors(fieldErrors);
        if (byField['patronId'] !== undefined) {
          byField['patron'] = byField['patronId'];
          delete byField['patronId'];
        }
        const rotaError = Object.entries(fieldErrors).find(([path]) => path.startsWith('rota'));
        if (rotaError !== undefined) byField['rota'] = rotaError[1];
        if (fieldErrors['copyrightAccepted'] !== undefined)
          byField['copyright'] = fieldErrors['copyrightAccepted'];
        setErrors(byField);
        setFailure(Object.keys(byField).length === 0 ? errorText(error) : undefined);
      } else {
        setFailure(errorText(error));
      }
    }
  };

  const summary = Object.entries(errors).map(([field, message]) => ({
    fieldId:
      field === 'patron'
        ? patron === null && !forLibrary
          ? `${ID}-patron-search`
          : `${ID}-for-library`
        : field === 'rota'
          ? `${ID}-backend-${backend}`
          : field === 'copyright'
            ? `${ID}-copyright`
            : detailsFieldId(idPrefix, field),
    message,
  }));

  return (
    <form className="form form--wide" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorSummary errors={summary} {...(failure === undefined ? {} : { message: failure })} />
      <PatronPicker
        patron={patron}
        forLibrary={forLibrary}
        onPick={setPatron}
        onForLibrary={setForLibrary}
        error={errors['patron']}
      />
      <fieldset>
        <legend>{t('staff.new.backend')}</legend>
        {backends.length === 0 ? <Alert tone="warning">{t('staff.new.noBackends')}</Alert> : null}
        {backends.map((value) => (
          <div className="field field--checkbox" key={value}>
            <input
              type="radio"
              id={`${ID}-backend-${value}`}
              name="backend"
              value={value}
              checked={backend === value}
              onChange={() => chooseBackend(value)}
              aria-describedby={`${ID}-backend-${value}-hint`}
            />
            <label htmlFor={`${ID}-backend-${value}`}>{tOr(`protocol.${value}`, value)}</label>
            <p id={`${ID}-backend-${value}-hint`} className="field__hint">
              {t(`staff.backend.${value}`)}
            </p>
          </div>
        ))}
      </fieldset>
      <DetailsFields
        form={form}
        onChange={setForm}
        errors={errors}
        idPrefix={idPrefix}
        pickupBranches={branches}
      />
      <RotaEditor
        partners={partners.filter((partner) => partner.active && partner.protocol === backend)}
        rota={rota}
        onChange={setRota}
        error={errors['rota']}
      />
      {settings.copyrightClearance === null ? null : (
        <fieldset>
          <legend>{t('staff.request.copyright')}</legend>
          <blockquote className="staff-quote">{settings.copyrightClearance}</blockquote>
          <CheckboxField
            id={`${ID}-copyright`}
            label={t('staff.new.copyrightAccepted')}
            error={errors['copyright']}
            checked={copyright}
            onChange={(event) => setCopyright(event.target.checked)}
          />
        </fieldset>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy || backends.length === 0}>
          {busy ? t('form.saving') : t('staff.new.create')}
        </button>
      </div>
    </form>
  );
}

export function NewRequestPage() {
  const settings = useApi(
    (signal) => api.get<LibrarySettings>('/api/library/settings', undefined, { signal }),
    [],
  );
  const partners = useApi(
    (signal) => api.get<PartnerList>('/api/partners', { active: true, limit: 500 }, { signal }),
    [],
  );
  const branches = useApi(
    (signal) => api.get<{ items: PickupBranch[] }>('/api/library/pickup-branches', undefined, { signal }),
    [],
  );
  const title = t('staff.new.title');
  const failed = settings.error ?? partners.error ?? branches.error;
  return (
    <main id="main" className="page">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('staff.new.intro')}</p>
      {settings.data !== undefined && partners.data !== undefined && branches.data !== undefined ? (
        <NewRequestForm
          settings={settings.data}
          partners={partners.data.items}
          branches={branches.data.items}
        />
      ) : failed !== undefined ? (
        <ErrorMessage
          error={failed}
          onRetry={() => {
            settings.reload();
            partners.reload();
            branches.reload();
          }}
        />
      ) : (
        <Loading />
      )}
    </main>
  );
}
