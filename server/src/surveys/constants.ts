/** Below this many responses a report shows only the count, so that no answer can be traced. */
export const evaluationMinimumResponses = 5
