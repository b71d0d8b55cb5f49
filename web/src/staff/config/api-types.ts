/**
 * The API types the configuration pages use, taken from the server's own schemas (type-only imports:
 * nothing of the server is bundled).
 */
export type {
  LibrarySettings,
  LibrarySettingsPatch,
  PickupBranch,
} from '../../../../src/library-config/library-settings.schemas.ts';
export type {
  PartnerBody as Partner,
  PartnerList,
  NewPartnerBody,
  PartnerPatchBody,
  PartnerImportResult,
  PartnerImportRow,
  PartnerImportError,
} from '../../../../src/library-config/partner.schemas.ts';
export type {
  CustomStatus,
  LocalAction,
  NewLocalAction,
  LocalActionPatch,
  ActionMenuSettings,
} from '../../../../src/library-config/workflow-config.schemas.ts';
export type {
  TemplateList,
  TemplateView,
  PreviewView,
  NoticeSettingsView,
  NoticeSettingsPatch,
} from '../../../../src/notices/notice.schemas.ts';
export type { NoticeKindName, TemplateKind } from '../../../../src/notices/notice-catalogue.ts';
export type {
  MailView,
  Outbox,
  SmtpSettingsView,
  SmtpSettingsBody,
  SmtpVerifyView,
} from '../../../../src/mail/mail.schemas.ts';
export type {
  StaffUserView,
  StaffUserPage,
  CreateStaffUserBody,
  UpdateStaffUserBody,
  PatronView,
  PatronPage,
  CreatePatronBody,
  UpdatePatronBody,
} from '../../../../src/people/people.schemas.ts';
export type { ApiTokenView, CreatedApiToken, CreateApiTokenBody } from '../../../../src/auth/auth.schemas.ts';
export type { WorkflowDescription } from '../../../../src/workflow/workflow-description.ts';
export type { Protocol } from '../../../../src/workflow/vocabulary.ts';
