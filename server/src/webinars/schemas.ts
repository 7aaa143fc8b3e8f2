// TypeBox schemas of the webinars routes; their types reach the web through contract.ts.
export {}
