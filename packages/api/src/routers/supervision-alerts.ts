/**
 * 预警处理 (issue 20 §2, M1): the alerts of the checkpoints and their signed handling. The procedures of
 * the `supervision` router that belong to alerts; the dashboard and timeline procedures join them in the
 * same router. Who may read and handle which alert is decided in the service.
 */
import { z } from 'zod';
import { getSupervisionAlert, handleSupervisionAlert, listSupervisionAlerts } from '@ebid/services';
import { ZHandleAlertInput, ZSupervisionAlert, ZSupervisionAlertDetail, ZSupervisionAlertRef, ZSupervisionAlertsInput } from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

export const supervisionAlertProcedures = {
  alerts: guardedProcedure
    .input(ZSupervisionAlertsInput)
    .output(z.array(ZSupervisionAlert))
    .query(({ ctx, input }) => listSupervisionAlerts(ctx.deps, requestContext(ctx), input)),
  alert: guardedProcedure
    .input(ZSupervisionAlertRef)
    .output(ZSupervisionAlertDetail)
    .query(({ ctx, input }) => getSupervisionAlert(ctx.deps, requestContext(ctx), input)),
  handleAlert: guardedProcedure
    .input(ZHandleAlertInput)
    .output(ZSupervisionAlertDetail)
    .mutation(({ ctx, input }) => handleSupervisionAlert(ctx.deps, requestContext(ctx), input)),
};
