/**
 * Why a lender cannot supply (ISO 18626 `reasonUnfilled`): the codes partners use, as CrossLink and
 * ReShare send them. Labels are the catalogue's (`staff.reasonUnfilled.<code>`).
 */
export const REASONS_UNFILLED = ['unavailable', 'missing', 'incorrect', 'Duplicate', 'other'] as const;
export type ReasonUnfilled = (typeof REASONS_UNFILLED)[number];
