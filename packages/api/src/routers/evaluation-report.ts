/** The evaluation's report procedures (issue 22), merged into the `evaluation` router (evaluation.ts). */
export const evaluationReportProcedures = {};
