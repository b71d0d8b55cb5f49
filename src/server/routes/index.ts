import { apiTokenRoutes } from '../../auth/api-token.routes.ts';
import { authRoutes } from '../../auth/auth.routes.ts';
import { patronRoutes } from '../../people/patron.routes.ts';
import { staffUserRoutes } from '../../people/staff-user.routes.ts';
import { partnerRoutes } from '../../library-config/partners.route.ts';
import { librarySettingsRoutes } from '../../library-config/library-settings.route.ts';
import { workflowConfigRoutes } from '../../library-config/workflow-config.route.ts';
import { opacRoutes } from '../../opac/opac.routes.ts';
import { backendRoutes } from '../../backends/backend.routes.ts';
import { patronRequestRoutes } from '../../requests/patron-request.routes.ts';
import { requestRoutes } from '../../requests/request.routes.ts';
import { requestSearchRoutes } from '../../requests/request-search.routes.ts';
import { queueRoutes } from '../../queues/queue.routes.ts';
import { iso18626Routes } from '../../protocol/iso18626.routes.ts';
import { messageLogRoutes } from '../../protocol/message-log.routes.ts';
import { healthRoutes } from './health.route.ts';
import { webRoutes } from './web.route.ts';
import type { RoutePlugin } from './route-plugin.ts';
import { workflowRoutes } from './workflow.route.ts';
import { mailRoutes } from '../../mail/mail.routes.ts';
import { noticeRoutes } from '../../notices/notice.routes.ts';
import { eventRoutes } from '../../events/events.routes.ts';

export type { RouteOptions, RoutePlugin } from './route-plugin.ts';

/** Every route plugin, registered in this order by `buildApp`. Add new route files here. */
export const routes: readonly RoutePlugin[] = [
  webRoutes,
  healthRoutes,
  workflowRoutes,
  authRoutes,
  apiTokenRoutes,
  staffUserRoutes,
  patronRoutes,
  librarySettingsRoutes,
  partnerRoutes,
  workflowConfigRoutes,
  requestRoutes,
  patronRequestRoutes,
  opacRoutes,
  backendRoutes,
  requestSearchRoutes,
  queueRoutes,
  iso18626Routes,
  messageLogRoutes,
  noticeRoutes,
  mailRoutes,
  eventRoutes,
];
