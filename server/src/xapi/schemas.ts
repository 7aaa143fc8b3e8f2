// xAPI statements' schemas (issue 15).
export {}
