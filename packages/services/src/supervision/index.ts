/** Electronic supervision (issue 20): the signed handling of alerts (§2). The integrator merges the other parts' exports here. */
export { getSupervisionAlert, handleSupervisionAlert, isResponsibleFor, listSupervisionAlerts } from './handling.ts';
