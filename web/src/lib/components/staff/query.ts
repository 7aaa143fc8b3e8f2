/** The list parameters of an address as "&q=…&offset=…", without form action names ("/roles"). */
export function listQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams([...params].filter(([name]) => !name.startsWith('/')))
  const query = kept.toString()
  return query ? `&${query}` : ''
}
