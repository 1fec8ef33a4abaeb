import { OneproviderUsageError } from "./errors.js";

/** Where Oneprovider's REST API lives on a provider. */
export const API_PATH = "/api/v3/oneprovider";

export interface BaseUrlOptions {
  host?: string | undefined;
  baseUrl?: string | undefined;
  allowInsecureHttp?: boolean | undefined;
}

const loopbackHostnames = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The API's base URL, from `baseUrl` (used as it is) or `host` (`/api/v3/oneprovider` appended once).
 * Plain `http:` is refused unless the host is loopback or the caller opts in, since the token would
 * travel in clear.
 */
export function resolveBaseUrl({ host, baseUrl, allowInsecureHttp = false }: BaseUrlOptions): string {
  let url: URL;
  if (baseUrl !== undefined) {
    url = parseUrl(baseUrl, "baseUrl");
  } else if (typeof host === "string" && host.trim() !== "") {
    const trimmed = host.trim();
    url = parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`, "host");
    const path = url.pathname.replace(/\/+$/, "");
    if (path !== "" && path !== API_PATH) {
      throw new OneproviderUsageError(
        `host must be a host name or an origin, not a URL with the path "${url.pathname}": pass the full base as baseUrl instead`,
      );
    }
    url.pathname = API_PATH;
  } else {
    throw new OneproviderUsageError(
      'either host (such as "provider.example.org") or baseUrl (such as "https://provider.example.org/api/v3/oneprovider") is required',
    );
  }
  if (url.search || url.hash)
    throw new OneproviderUsageError("the base URL must not have a query or a fragment");
  if (url.protocol === "http:" && !allowInsecureHttp && !loopbackHostnames.test(url.hostname)) {
    throw new OneproviderUsageError(
      `refusing plain http to ${url.host}: the token would travel unencrypted. Use https, or pass allowInsecureHttp: true if you really mean it`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

function parseUrl(value: unknown, name: string): URL {
  if (typeof value !== "string") throw new OneproviderUsageError(`${name} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OneproviderUsageError(`${name} is not a valid URL or host: "${value.slice(0, 200)}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OneproviderUsageError(`${name} must use https (or http on loopback), not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Never echo the credentials back: they may be the token itself.
    throw new OneproviderUsageError(
      `${name} must not carry credentials: pass the access token as the token option`,
    );
  }
  return url;
}
