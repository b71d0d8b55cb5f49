/** Counts of what a partner import did (or, checked first, would do), and its reasons in words. */
import { hasMessage, t } from '../../i18n/catalogue.ts';
import { withServerDetail } from '../../i18n/server-errors.ts';
import type { PartnerImportError, PartnerImportResult, PartnerImportRow } from './api-types.ts';
import { protocolLabel } from './labels.ts';

// A type (not an interface) so that it passes as message parameters.
export type ImportCounts = {
  readonly created: number;
  readonly updated: number;
  /** Rows left alone or in error: the rows not imported, each listed with its reason. */
  readonly rejected: number;
  /** Plural selector for messages: the rows imported. */
  readonly count: number;
};

export function importCounts(report: PartnerImportResult): ImportCounts {
  const created = report.created.length;
  const updated = report.updated.length;
  return {
    created,
    updated,
    rejected: report.skipped.length + new Set(report.errors.map((error) => error.row)).size,
    count: created + updated,
  };
}

/**
 * What is wrong with a row in error, by its code. A code this client does not know (a newer server)
 * is said by its validation rule, or in general, followed by the server's English.
 */
export function importErrorText(
  error: Pick<PartnerImportError, 'code' | 'field' | 'value' | 'otherRow' | 'rule' | 'message'>,
): string {
  const key = `config.import.error.${error.code}`;
  if (hasMessage(key)) {
    return t(key, { column: error.field, value: error.value ?? '', otherRow: error.otherRow ?? '' });
  }
  const rule = `error.rule.${error.rule}`;
  const general = hasMessage(rule)
    ? t(rule, { field: error.field, detail: error.message })
    : t('config.import.unknownError');
  return withServerDetail(general, error.message);
}

/**
 * Why a row is left alone, by its code; `category` is the patron category the import was asked to
 * take. A code this client does not know is said in general, followed by the server's English.
 */
export function skipReasonText(
  row: Pick<PartnerImportRow, 'symbol' | 'reason' | 'reasonCode' | 'reasonValue'>,
  category: string | null,
): string {
  const params = {
    symbol: row.symbol,
    value: row.reasonValue ?? '',
    category: category ?? '',
    protocol: row.reasonValue === null ? '' : protocolLabel(row.reasonValue),
  };
  if (row.reasonCode === 'other_category' && row.reasonValue === null) {
    return t('config.import.noCategory', params);
  }
  const key = `config.import.skip.${row.reasonCode ?? ''}`;
  if (hasMessage(key)) return t(key, params);
  return withServerDetail(t('config.import.unknownSkip'), row.reason ?? '');
}
