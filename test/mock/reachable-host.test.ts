import { expect, test } from "vitest";
import { reachableHost } from "../../src/mock/reachable-host.js";

// Tests start servers on 127.0.0.1 only, so the wildcard binds are checked on the address alone.
test.each([
  [{ address: "0.0.0.0", family: "IPv4" }, "127.0.0.1"],
  [{ address: "::", family: "IPv6" }, "[::1]"],
  [{ address: "127.0.0.1", family: "IPv4" }, "127.0.0.1"],
  [{ address: "::1", family: "IPv6" }, "[::1]"],
  [{ address: "192.168.1.7", family: "IPv4" }, "192.168.1.7"],
])("a server bound to %o is reached at %s", (address, host) => {
  expect(reachableHost(address)).toBe(host);
});
