/** What a backend's declaration means for a new request: the checks made before it is stored. */
import type { ValidationIssue } from '../errors.ts';
import { BIBLIOGRAPHIC_FIELD_NAMES, REQUIRED_BY_TYPE } from '../requests/request-fields.ts';
import type { BibliographicField, RequestType } from '../requests/request-fields.ts';
import type { Backend } from './backend.ts';

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Where a new request's details break its backend's declaration: a request type it does not take, a
 * bibliographic field it cannot carry to the supplier, or a field the type (or the backend) needs that
 * is missing. Fields are named as the API names them under `body.details`.
 */
export function backendIssues(
  backend: Backend,
  details: { readonly type: RequestType } & Readonly<Partial<Record<BibliographicField, unknown>>>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!backend.requestTypes.includes(details.type)) {
    issues.push({
      field: 'body.details.type',
      rule: 'backend',
      message: `the ${backend.id} backend does not take ${details.type} requests`,
    });
  }
  for (const field of BIBLIOGRAPHIC_FIELD_NAMES) {
    if (given(details[field]) && !backend.fields.includes(field)) {
      issues.push({
        field: `body.details.${field}`,
        rule: 'backend',
        message: `the ${backend.id} backend cannot carry ${field} to the supplier`,
      });
    }
  }
  const required = new Set<BibliographicField>([
    ...REQUIRED_BY_TYPE[details.type],
    ...(backend.requiredFields[details.type] ?? []),
  ]);
  for (const field of required) {
    if (!given(details[field])) {
      issues.push({
        field: `body.details.${field}`,
        rule: 'required',
        message: `${field} is required for a ${details.type} request`,
      });
    }
  }
  return issues;
}
