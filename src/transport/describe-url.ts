/** A URL as it may appear in a message: without credentials, query or fragment. */
export function describeUrl(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}
