/** The evaluation's session procedures (issue 22), merged into the `evaluation` router (evaluation.ts). */
export const evaluationSessionProcedures = {};
