// Credentials' request and response schemas (issue 15).
export {}
