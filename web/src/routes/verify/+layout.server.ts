// The verification pages are read by anyone who was handed a certificate: server-rendered plain
// HTML, fast on any device, with nothing for the browser to run (their forms are a GET and a POST).
export const csr = false
