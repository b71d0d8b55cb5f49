/** Counts of what a partner import did (or, checked first, would do). */
import type { PartnerImportResult } from './api-types.ts';

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
