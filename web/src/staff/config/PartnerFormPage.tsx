import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { CheckboxField, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { NewPartnerBody, Partner, PartnerPatchBody } from './api-types.ts';
import {
  ConfigPage,
  flash,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { optionId, RadioGroup } from './controls.tsx';
import {
  clientErrors,
  missingRequired,
  parseWholeNumber,
  textOrNull,
  type FormFields,
} from './form-errors.ts';
import { protocolLabel } from './labels.ts';
import { PROTOCOLS } from './PartnersPage.tsx';

/** `/staff/config/partners/new`: add a partner to the directory. */
export function NewPartnerPage({ user }: { user: StaffUserSummary }) {
  return (
    <ConfigPage user={user} section="partners" title={t('config.partners.addTitle')}>
      <PartnerForm partner={null} />
    </ConfigPage>
  );
}

/** `/staff/config/partners/:id`: change, deactivate or delete a partner. */
export function EditPartnerPage({ user, partnerId }: { user: StaffUserSummary; partnerId: string }) {
  const partner = useApi(
    (signal) => api.get<Partner>(`/api/partners/${encodeURIComponent(partnerId)}`, undefined, { signal }),
    [partnerId],
  );
  const title =
    partner.data === undefined
      ? t('config.partners.editTitleLoading')
      : t('config.partners.editTitle', { name: partner.data.name });
  return (
    <ConfigPage user={user} section="partners" title={title}>
      <WhenLoaded state={partner}>{(loaded) => <PartnerForm partner={loaded} />}</WhenLoaded>
    </ConfigPage>
  );
}

interface Values {
  symbol: string;
  name: string;
  protocol: string;
  endpointUrl: string;
  email: string;
  outboundCredential: string;
  removeOutbound: boolean;
  inboundCredential: string;
  removeInbound: boolean;
  daysToRespond: string;
  undoAllowed: boolean;
}

function valuesOf(partner: Partner | null): Values {
  return {
    symbol: partner?.symbol ?? '',
    name: partner?.name ?? '',
    protocol: partner?.protocol ?? 'iso18626',
    endpointUrl: partner?.endpointUrl ?? '',
    email: partner?.email ?? '',
    outboundCredential: '',
    removeOutbound: false,
    inboundCredential: '',
    removeInbound: false,
    daysToRespond: partner === null ? '' : String(partner.daysToRespond),
    undoAllowed: partner?.undoAllowed ?? false,
  };
}

/** A credential field's value for the API: a new one, null to remove it, or left out to keep it. */
function credential(typed: string, remove: boolean): { value?: string | null } {
  if (typed !== '') return { value: typed };
  return remove ? { value: null } : {};
}

function PartnerForm({ partner: initial }: { partner: Partner | null }) {
  const id = useId();
  const { navigate } = useRouter();
  const [partner, setPartner] = useState(initial);
  const [values, setValues] = useState(() => valuesOf(initial));
  const [confirming, setConfirming] = useState<'deactivate' | 'delete' | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]): void =>
    setValues((current) => ({ ...current, [key]: value }));

  const fields: FormFields = useMemo(
    () => ({
      symbol: { id: `${id}-symbol`, label: t('config.partners.symbol') },
      name: { id: `${id}-name`, label: t('config.partners.name') },
      protocol: { id: optionId(`${id}-protocol`, 'iso18626'), label: t('config.partners.protocol') },
      endpointUrl: { id: `${id}-endpoint`, label: t('config.partners.endpointUrl') },
      email: { id: `${id}-email`, label: t('config.partners.email') },
      outboundCredential: { id: `${id}-outbound`, label: t('config.partners.outboundCredential') },
      inboundCredential: { id: `${id}-inbound`, label: t('config.partners.inboundCredential') },
      daysToRespond: { id: `${id}-days`, label: t('config.partners.days') },
      undoAllowed: { id: `${id}-undo`, label: t('config.partners.undoAllowedField') },
      active: { id: `${id}-active`, label: t('config.partners.status') },
    }),
    [id],
  );
  const form = useSubmitter(fields);
  const lifecycle = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired(
      { symbol: values.symbol, name: values.name },
      ['symbol', 'name'],
      fields,
    );
    const days = values.daysToRespond.trim() === '' ? undefined : parseWholeNumber(values.daysToRespond);
    if (values.daysToRespond.trim() !== '' && days === undefined) {
      problems.daysToRespond = t('config.error.wholeNumber', { field: t('config.partners.days') });
    }
    if (partner !== null && days === undefined && problems.daysToRespond === undefined) {
      problems.daysToRespond = t('config.error.required', { field: t('config.partners.days') });
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    lifecycle.setStatus(undefined);
    const outbound = credential(values.outboundCredential, values.removeOutbound);
    const inbound = credential(values.inboundCredential, values.removeInbound);
    const common = {
      symbol: values.symbol.trim(),
      name: values.name.trim(),
      protocol: values.protocol as Protocol,
      endpointUrl: textOrNull(values.endpointUrl),
      email: textOrNull(values.email),
      undoAllowed: values.undoAllowed,
      ...('value' in outbound ? { outboundCredential: outbound.value ?? null } : {}),
      ...('value' in inbound ? { inboundCredential: inbound.value ?? null } : {}),
      ...(days === undefined ? {} : { daysToRespond: days }),
    };
    if (partner === null) {
      const body: NewPartnerBody = common;
      const created = await form.run(() => api.post<Partner>('/api/partners', body));
      if (created !== undefined) {
        flash(t('config.partners.added', { name: created.name }));
        navigate(`/staff/config/partners/${created.id}`, { replace: true });
      }
      return;
    }
    const patch: PartnerPatchBody = common;
    await form.run(
      () => api.patch<Partner>(`/api/partners/${partner.id}`, patch),
      (saved) => {
        setPartner(saved);
        setValues(valuesOf(saved));
        return t('config.partners.saved', { name: saved.name });
      },
    );
  };

  const setActive = async (active: boolean): Promise<void> => {
    if (partner === null) return;
    setConfirming(null);
    form.setStatus(undefined);
    await lifecycle.run(
      () => api.patch<Partner>(`/api/partners/${partner.id}`, { active }),
      (saved) => {
        setPartner(saved);
        return active
          ? t('config.partners.reactivated', { name: saved.name })
          : t('config.partners.deactivated', { name: saved.name });
      },
    );
  };

  const remove = async (): Promise<void> => {
    if (partner === null) return;
    setConfirming(null);
    const done = await lifecycle.run(() => api.delete(`/api/partners/${partner.id}`).then(() => true));
    if (done === true) {
      flash(t('config.partners.deleted', { name: partner.name }));
      navigate('/staff/config/partners', { replace: true });
    }
  };

  const errors = form.errors.fields;
  return (
    <>
      <LiveStatus message={form.status ?? lifecycle.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      {partner === null ? null : (
        <p>
          <span className={partner.active ? 'badge badge--done' : 'badge'}>
            {partner.active ? t('config.active') : t('config.inactive')}
          </span>
        </p>
      )}
      <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset>
          <legend>{t('config.partners.identity')}</legend>
          <div className="form-grid">
            <TextField
              id={fields.symbol?.id}
              label={t('config.partners.symbol')}
              hint={t('config.partners.symbolHint')}
              required
              autoComplete="off"
              error={errors.symbol}
              value={values.symbol}
              onChange={(event) => set('symbol', event.target.value)}
            />
            <TextField
              id={fields.name?.id}
              label={t('config.partners.name')}
              required
              autoComplete="off"
              error={errors.name}
              value={values.name}
              onChange={(event) => set('name', event.target.value)}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('config.partners.reaching')}</legend>
          <div className="config-form__stack">
            <RadioGroup
              id={`${id}-protocol`}
              name="protocol"
              legend={t('config.partners.protocol')}
              error={errors.protocol}
              value={values.protocol}
              onChange={(value) => set('protocol', value)}
              options={PROTOCOLS.map((value) => ({
                value,
                label: protocolLabel(value),
                hint: t(`config.partners.protocolHint.${value}` as const),
              }))}
            />
            <TextField
              id={fields.endpointUrl?.id}
              label={t('config.partners.endpointUrl')}
              hint={t('config.partners.endpointUrlHint')}
              type="url"
              autoComplete="off"
              required={values.protocol === 'iso18626'}
              error={errors.endpointUrl}
              value={values.endpointUrl}
              onChange={(event) => set('endpointUrl', event.target.value)}
            />
            <TextField
              id={fields.email?.id}
              label={t('config.partners.email')}
              hint={t('config.partners.emailHint')}
              type="email"
              autoComplete="off"
              required={values.protocol === 'email'}
              error={errors.email}
              value={values.email}
              onChange={(event) => set('email', event.target.value)}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('config.partners.credentials')}</legend>
          <p className="field__hint">{t('config.partners.credentialsHint')}</p>
          <div className="form-grid">
            <div className="config-form__stack">
              <TextField
                id={fields.outboundCredential?.id}
                label={t('config.partners.outboundCredential')}
                hint={
                  partner?.hasOutboundCredential === true
                    ? t('config.partners.credentialStored')
                    : t('config.partners.credentialNone')
                }
                type="password"
                autoComplete="new-password"
                error={errors.outboundCredential}
                value={values.outboundCredential}
                onChange={(event) => set('outboundCredential', event.target.value)}
              />
              {partner?.hasOutboundCredential === true ? (
                <CheckboxField
                  label={t('config.partners.removeOutbound')}
                  checked={values.removeOutbound}
                  onChange={(event) => set('removeOutbound', event.target.checked)}
                />
              ) : null}
            </div>
            <div className="config-form__stack">
              <TextField
                id={fields.inboundCredential?.id}
                label={t('config.partners.inboundCredential')}
                hint={
                  partner?.hasInboundCredential === true
                    ? t('config.partners.credentialStoredInbound')
                    : t('config.partners.credentialNoneInbound')
                }
                type="password"
                autoComplete="new-password"
                error={errors.inboundCredential}
                value={values.inboundCredential}
                onChange={(event) => set('inboundCredential', event.target.value)}
              />
              {partner?.hasInboundCredential === true ? (
                <CheckboxField
                  label={t('config.partners.removeInbound')}
                  checked={values.removeInbound}
                  onChange={(event) => set('removeInbound', event.target.checked)}
                />
              ) : null}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('config.partners.terms')}</legend>
          <div className="config-form__stack">
            <TextField
              id={fields.daysToRespond?.id}
              label={t('config.partners.days')}
              hint={partner === null ? t('config.partners.daysHintNew') : t('config.partners.daysHint')}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              required={partner !== null}
              className="field__input field__input--short"
              error={errors.daysToRespond}
              value={values.daysToRespond}
              onChange={(event) => set('daysToRespond', event.target.value)}
            />
            <CheckboxField
              id={fields.undoAllowed?.id}
              label={t('config.partners.undoAllowedField')}
              hint={t('config.partners.undoAllowedHint')}
              error={errors.undoAllowed}
              checked={values.undoAllowed}
              onChange={(event) => set('undoAllowed', event.target.checked)}
            />
          </div>
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {partner === null ? t('config.partners.addSubmit') : t('form.save')}
          </button>
        </div>
      </form>

      {partner === null ? null : (
        <section aria-labelledby={`${id}-retire`} className="config-section">
          <h2 id={`${id}-retire`}>{t('config.partners.retireTitle')}</h2>
          <p className="muted">{t('config.partners.retireIntro')}</p>
          <FormErrorSummary errors={lifecycle.errors} />
          <div className="button-row">
            {partner.active ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={lifecycle.busy}
                onClick={() => setConfirming('deactivate')}
              >
                {t('config.partners.deactivate')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--secondary"
                disabled={lifecycle.busy}
                onClick={() => void setActive(true)}
              >
                {t('config.partners.reactivate')}
              </button>
            )}
            <button
              type="button"
              className="button button--danger"
              disabled={lifecycle.busy}
              onClick={() => setConfirming('delete')}
            >
              {t('config.partners.delete')}
            </button>
          </div>
          <ConfirmDialog
            open={confirming === 'deactivate'}
            title={t('config.partners.deactivateTitle', { name: partner.name })}
            body={<p>{t('config.partners.deactivateBody')}</p>}
            confirmLabel={t('config.partners.deactivate')}
            busy={lifecycle.busy}
            onConfirm={() => void setActive(false)}
            onClose={() => setConfirming(null)}
          />
          <ConfirmDialog
            open={confirming === 'delete'}
            title={t('config.partners.deleteTitle', { name: partner.name })}
            body={<p>{t('config.partners.deleteBody')}</p>}
            confirmLabel={t('config.partners.delete')}
            busy={lifecycle.busy}
            onConfirm={() => void remove()}
            onClose={() => setConfirming(null)}
          />
        </section>
      )}
    </>
  );
}

type Protocol = NewPartnerBody['protocol'];
