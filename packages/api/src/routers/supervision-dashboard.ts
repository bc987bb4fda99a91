/**
 * The supervisor's dashboard and the project timeline (issue 20 §3; M3: read-only). These procedures join
 * the `supervision` namespace of the root router (root.ts) beside the checkpoints and the alert handling.
 */
import { supervisionDashboard, supervisionDashboardAlerts, supervisionTimeline } from '@ebid/services';
import { ZDashboard, ZDashboardAlertPage, ZDashboardAlertsInput, ZDashboardInput, ZTimeline, ZTimelineInput } from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

export const supervisionDashboardProcedures = {
  /** Yellow and red counts by trade type, region and agency, the alerts per Beijing day, 处理超期数. */
  dashboard: guardedProcedure
    .input(ZDashboardInput)
    .output(ZDashboard)
    .query(({ ctx, input }) => supervisionDashboard(ctx.deps, requestContext(ctx), input)),

  /** The alerts, newest first (open ones by default), keyset-paged. */
  dashboardAlerts: guardedProcedure
    .input(ZDashboardAlertsInput)
    .output(ZDashboardAlertPage)
    .query(({ ctx, input }) => supervisionDashboardAlerts(ctx.deps, requestContext(ctx), input)),

  /** A project's checkpoints, alerts and audit events on one time axis, each with its record. */
  timeline: guardedProcedure
    .input(ZTimelineInput)
    .output(ZTimeline)
    .query(({ ctx, input }) => supervisionTimeline(ctx.deps, requestContext(ctx), input)),
};
