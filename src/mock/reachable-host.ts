import type { AddressInfo } from "node:net";

/**
 * The host a client on this machine reaches a bound address by, as a URL writes it. A server bound to
 * every interface (`0.0.0.0`, `::`) is reached on loopback: the wildcard itself is no address to send
 * to, and the client accepts plain http on loopback only.
 */
export function reachableHost(address: Pick<AddressInfo, "address" | "family">): string {
  if (address.address === "0.0.0.0") return "127.0.0.1";
  if (address.address === "::" || address.address === "::ffff:0.0.0.0") return "[::1]";
  return address.family === "IPv6" || address.address.includes(":")
    ? `[${address.address}]`
    : address.address;
}
