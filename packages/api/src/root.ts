import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { certRouter } from './routers/cert.ts';
import { liveRouter } from './routers/live.ts';
import { mandateRouter } from './routers/mandate.ts';
import { noticeRouter, portalRouter } from './routers/notice.ts';
import { objectionRouter } from './routers/objection.ts';
import { documentRouter } from './routers/document.ts';
import { clarificationRouter } from './routers/clarification.ts';
import { notificationRouter } from './routers/notification.ts';
import { orgRouter } from './routers/org.ts';
import { qualificationRouter } from './routers/qualification.ts';
import { depositRouter } from './routers/deposit.ts';
import { registrationRouter } from './routers/registration.ts';
import { bidRouter } from './routers/bid.ts';
import { openingRouter } from './routers/opening.ts';
import { drawRouter } from './routers/draw.ts';
import { committeeRouter } from './routers/committee.ts';
import { evaluationRouter } from './routers/evaluation.ts';
import { expertRouter } from './routers/experts.ts';
import { holidayRouter, projectRouter } from './routers/project.ts';
import { outageRouter } from './routers/outage.ts';
import { supervisionAlertProcedures } from './routers/supervision-alerts.ts';
import { supervisionDashboardProcedures } from './routers/supervision-dashboard.ts';
import { supervisionCheckpointProcedures } from './routers/supervision.ts';
import { systemRouter } from './routers/system.ts';
import { userRouter } from './routers/user.ts';
import { createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  system: systemRouter,
  auth: authRouter,
  live: liveRouter,
  org: orgRouter,
  user: userRouter,
  mandate: mandateRouter,
  cert: certRouter,
  audit: auditRouter,
  project: projectRouter,
  holiday: holidayRouter,
  notification: notificationRouter,
  notice: noticeRouter,
  portal: portalRouter,
  objection: objectionRouter,
  document: documentRouter,
  clarification: clarificationRouter,
  qualification: qualificationRouter,
  registration: registrationRouter,
  bid: bidRouter,
  opening: openingRouter,
  draw: drawRouter,
  committee: committeeRouter,
  evaluation: evaluationRouter,
  expert: expertRouter,
  deposit: depositRouter,
  outage: outageRouter,
  // Issue 20: the supervision namespace — checkpoints (§1), alert handling (§2), the dashboard and timeline (§3),
  // each from its own router file.
  supervision: createTRPCRouter({ ...supervisionCheckpointProcedures, ...supervisionAlertProcedures, ...supervisionDashboardProcedures }),
});

export type AppRouter = typeof appRouter;
