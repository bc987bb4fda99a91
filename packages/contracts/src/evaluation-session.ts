/** The evaluation's session procedures' inputs and outputs (issue 22). */
export {};
