/** Messages of the staff client's request work: login, navigation, queues, lists, request pages. */
export const staffMessages = {
  'staff.title': 'Staff client',
  'staff.login.title': 'Staff log in',
  'staff.login.username': 'Username',
  'staff.login.password': 'Password',
  'staff.login.submit': 'Log in',
  'staff.login.failed': 'That username and password do not match. Please try again.',
  'staff.nav.label': 'Staff',
  'staff.nav.dashboard': 'Dashboard',
  'staff.nav.requests': 'Requests',
  'staff.nav.newRequest': 'New request',
  'staff.nav.configuration': 'Configuration',
} as const;
