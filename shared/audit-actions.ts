/**
 * Every action the audit log records. Actions are dotted names so the admin page can filter by prefix.
 * A type only (nothing at run time): the hub writes these, and the staff app's audit words are typed
 * `Record<AuditAction, string>`, so a new action without its Russian words fails `tsc`.
 */
export type AuditAction =
  | 'login.ok'
  | 'login.failed'
  | 'login.throttled'
  | 'logout'
  | 'password.set'
  | 'password.reset-request'
  | 'user.create'
  | 'user.update'
  | 'user.disable'
  | 'setup-link.create'
  | 'export'
  | 'settings.change'
  | 'device.pairing-code'
  | 'device.register'
  | 'device.revoke'
  | 'office-key.issue'
  | 'office-key.revoke'
  /** The office directory: an office added, renamed or re-addressed, closed, reopened (a regional change). */
  | 'office.create'
  | 'office.update'
  | 'office.close'
  | 'office.reopen'
  /** The author's name, address and contacts of a register entry were shown (issue 18). */
  | 'register.author-view'
  /** A phone-survey campaign made, its call list imported or the campaign closed (order No. 308, 1.2). */
  | 'phone-survey.change'
  /** A phone-survey call list, with its clients' numbers, was shown to an operator. */
  | 'phone-survey.numbers-view'
  /** The register was exported (XLSX or CSV); the detail says whether with the authors' data. */
  | 'register.export'
  /** A pain, its evidence or a measure of the pain map changed, or a measure reviewed (issue 19). */
  | 'pain-map.change'
  /** A mystery shopper's template, visit or file made, changed, approved or deleted (order No. 308, 2.3). */
  | 'mystery-shopper.change';
