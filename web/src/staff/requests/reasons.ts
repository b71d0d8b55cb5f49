import type { RetryReason } from '../../../../src/workflow/action-data.ts';

/**
 * Why a lender cannot supply (ISO 18626 `reasonUnfilled`): the codes partners use, as CrossLink and
 * ReShare send them. Labels are the catalogue's (`staff.reasonUnfilled.<code>`).
 */
export const REASONS_UNFILLED = ['unavailable', 'missing', 'incorrect', 'Duplicate', 'other'] as const;
export type ReasonUnfilled = (typeof REASONS_UNFILLED)[number];

/**
 * Why a lender cannot supply now but may later (Answer Retry, ISO 18626 `reasonRetry`): the codes the
 * server accepts, in the order offered. Labels are the catalogue's (`staff.reasonRetry.<code>`).
 */
export const REASONS_RETRY = ['OnLoan', 'NotFoundAsCited'] as const satisfies readonly RetryReason[];
