/**
 * Who may use the mail pages of ILL work, as the API decides (it has the last word: a 403 is shown
 * plainly). The outbox and the notice log are read with `ill` or `configure`; recording a request a
 * partner emailed needs `ill`.
 */

/** Whether staff with `permissions` may read the mail outbox and the notice log. */
export function canReadMail(permissions: readonly string[]): boolean {
  return permissions.includes('ill') || permissions.includes('configure');
}

/** Whether staff with `permissions` may record a request a partner emailed. */
export function canRecordEmailedRequests(permissions: readonly string[]): boolean {
  return permissions.includes('ill');
}
