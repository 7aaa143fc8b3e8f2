// TypeBox schemas of the practices routes; their types reach the web through contract.ts.
export {}
