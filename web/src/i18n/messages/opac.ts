/** Messages of the patron side (OPAC): login, the request form, "my requests". */
export const opacMessages = {
  'opac.title': '{library}: interlibrary loan',
  'opac.login.title': 'Log in',
  'opac.login.intro': 'Log in with your library card to ask for an item or follow your requests.',
  'opac.login.cardNumber': 'Library card number',
  'opac.login.secret': 'PIN or password',
  'opac.login.submit': 'Log in',
  'opac.login.failed': 'That card number and PIN do not match. Please try again.',
  'opac.libraryNotFound': 'There is no library {symbol} here.',
} as const;
