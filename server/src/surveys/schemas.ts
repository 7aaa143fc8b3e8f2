// TypeBox schemas of the surveys routes; their types reach the web through contract.ts.
export {}
