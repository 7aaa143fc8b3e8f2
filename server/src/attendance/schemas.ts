// TypeBox schemas of the attendance routes; their types reach the web through contract.ts.
export {}
