/**
 * `/staff/lending/new`: record a request a partner library sent by email as a lending request (VDX's
 * email-protocol locations; Koha's partners without an ILL system). The partner is one of the
 * library's email or manual partners; the new request's page follows, where the answers are given.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { PartnerBody, PartnerList, RequestDetailView, StaffUserSummary } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t, tOr } from '../../i18n/catalogue.ts';
import { Alert, ErrorSummary, errorText } from '../../ui/feedback.tsx';
import { SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { RequestType, ServiceWanted } from '../../../../src/requests/request-fields.ts';
import { NoPermissionPage, WhenLoaded } from '../config/config-ui.tsx';
import { setFlash } from '../requests/flash.ts';
import { REQUEST_TYPE_VALUES } from '../requests/state-presentation.ts';
import {
  EMAILED_ITEM_FIELDS,
  emailedFieldOf,
  emailedRequestBody,
  emptyEmailedRequestForm,
  missingEmailedFields,
  requiredEmailedFields,
  type EmailedRequestForm,
} from './emailed-request-form.ts';
import { canRecordEmailedRequests } from './mail-permissions.ts';

/** A field's name in the catalogue's words. */
function fieldLabel(field: string): string {
  if (field === 'partnerId') return t('mail.incoming.partner');
  if (field === 'partnerRequestId') return t('mail.incoming.partnerRequestId');
  if (field === 'note') return t('mail.incoming.note');
  return tOr(`field.${field}`, field);
}

function EmailedRequestFormView({ partners }: { partners: readonly PartnerBody[] }) {
  const { navigate } = useRouter();
  const id = useId();
  const fieldId = (field: string): string => `${id}-${field}`;
  const [form, setForm] = useState<EmailedRequestForm>(() =>
    emptyEmailedRequestForm(partners.length === 1 ? (partners[0]?.id ?? '') : ''),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const required = new Set(requiredEmailedFields(form));
  const set = (changes: Partial<EmailedRequestForm>): void => setForm({ ...form, ...changes });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const missing = missingEmailedFields(form);
    setFailure(undefined);
    setErrors(
      Object.fromEntries(
        missing.map((field) => [field, t('staff.problem.required', { field: fieldLabel(field) })]),
      ),
    );
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const created = await api.post<RequestDetailView>('/api/lending/requests', emailedRequestBody(form));
      setFlash(t('mail.incoming.recorded', { reference: created.reference }));
      navigate(`/staff/requests/${created.id}`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 409) {
        // The one clash there can be: the partner's reference is recorded already.
        const partner = partners.find((candidate) => candidate.id === form.partnerId);
        setErrors({
          partnerRequestId: t('mail.incoming.recordedAlready', {
            reference: form.partnerRequestId.trim(),
            partner: partner?.name ?? '',
          }),
        });
        return;
      }
      const byField: Record<string, string> = {};
      if (error instanceof ApiError && error.status === 400) {
        for (const [path, message] of Object.entries(error.fieldErrors())) {
          const field = emailedFieldOf(path);
          if (field !== null) byField[field] ??= message;
        }
      }
      setErrors(byField);
      setFailure(Object.keys(byField).length === 0 ? errorText(error) : undefined);
    }
  };

  const summary = Object.entries(errors).map(([field, message]) => ({ fieldId: fieldId(field), message }));
  const text = (field: (typeof EMAILED_ITEM_FIELDS)[number]) => (
    <TextField
      key={field}
      id={fieldId(field)}
      label={fieldLabel(field)}
      required={required.has(field)}
      error={errors[field]}
      value={form[field]}
      onChange={(event) => set({ [field]: event.target.value } as Partial<EmailedRequestForm>)}
    />
  );

  return (
    <form className="form form--wide" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorSummary errors={summary} {...(failure === undefined ? {} : { message: failure })} />
      <fieldset>
        <legend>{t('mail.incoming.from')}</legend>
        <div className="form-grid">
          <SelectField
            id={fieldId('partnerId')}
            label={fieldLabel('partnerId')}
            hint={t('mail.incoming.partnerHint')}
            required
            error={errors['partnerId']}
            value={form.partnerId}
            onChange={(event) => set({ partnerId: event.target.value })}
            placeholder={t('form.choose')}
            options={partners.map((partner) => ({
              value: partner.id,
              label: `${partner.name} (${partner.symbol})`,
            }))}
          />
          <TextField
            id={fieldId('partnerRequestId')}
            label={fieldLabel('partnerRequestId')}
            hint={t('mail.incoming.partnerRequestIdHint')}
            required
            autoComplete="off"
            maxLength={200}
            error={errors['partnerRequestId']}
            value={form.partnerRequestId}
            onChange={(event) => set({ partnerRequestId: event.target.value })}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('mail.incoming.item')}</legend>
        <div className="form-grid">
          <SelectField
            id={fieldId('type')}
            label={fieldLabel('type')}
            required
            error={errors['type']}
            value={form.type}
            onChange={(event) => set({ type: event.target.value as RequestType })}
            options={REQUEST_TYPE_VALUES.map((type) => ({ value: type, label: t(`requestType.${type}`) }))}
          />
          {EMAILED_ITEM_FIELDS.map(text)}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('mail.incoming.service')}</legend>
        <div className="form-grid">
          <SelectField
            id={fieldId('serviceType')}
            label={fieldLabel('serviceType')}
            required
            error={errors['serviceType']}
            value={form.serviceType}
            onChange={(event) => set({ serviceType: event.target.value as ServiceWanted })}
            options={(['loan', 'copy', 'either'] as const).map((value) => ({
              value,
              label: t(`serviceType.${value}`),
            }))}
          />
          <TextField
            id={fieldId('needBefore')}
            type="date"
            label={fieldLabel('needBefore')}
            error={errors['needBefore']}
            value={form.needBefore}
            onChange={(event) => set({ needBefore: event.target.value })}
          />
        </div>
      </fieldset>
      <TextArea
        id={fieldId('note')}
        label={fieldLabel('note')}
        maxLength={4000}
        error={errors['note']}
        value={form.note}
        onChange={(event) => set({ note: event.target.value })}
      />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('form.saving') : t('mail.incoming.submit')}
        </button>
      </div>
    </form>
  );
}

export function EmailedRequestPage({ user }: { user: StaffUserSummary }) {
  const allowed = canRecordEmailedRequests(user.permissions);
  const partners = useApi(
    (signal) =>
      allowed
        ? api.get<PartnerList>('/api/partners', { active: true, limit: 500 }, { signal })
        : Promise.resolve(undefined),
    [allowed],
  );
  if (!allowed) return <NoPermissionPage />;
  const title = t('mail.incoming.title');
  return (
    <main id="main" className="page">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('mail.incoming.intro')}</p>
      <WhenLoaded state={partners}>
        {(loaded) => {
          // ISO 18626 partners send their requests themselves.
          const byEmail = (loaded?.items ?? []).filter((partner) => partner.protocol !== 'iso18626');
          return byEmail.length === 0 ? (
            <Alert tone="info">{t('mail.incoming.noPartners')}</Alert>
          ) : (
            <EmailedRequestFormView partners={byEmail} />
          );
        }}
      </WhenLoaded>
    </main>
  );
}
