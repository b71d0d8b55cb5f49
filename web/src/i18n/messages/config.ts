/** Messages of the staff client's configuration pages. */
export const configMessages = {
  'config.title': 'Configuration',
} as const;
