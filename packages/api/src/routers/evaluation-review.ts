/** The evaluation's review procedures (issue 22), merged into the `evaluation` router (evaluation.ts). */
export const evaluationReviewProcedures = {};
