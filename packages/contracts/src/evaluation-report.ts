/** The evaluation's report procedures' inputs and outputs (issue 22). */
export {};
