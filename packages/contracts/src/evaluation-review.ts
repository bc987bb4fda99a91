/** The evaluation's review procedures' inputs and outputs (issue 22). */
export {};
