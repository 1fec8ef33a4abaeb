import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RequestListener } from "node:http";

/** Writes key.pem and cert.pem, a self-signed certificate made for a test only, into `dir`. */
export function makeSelfSignedCertificate(dir: string, commonName: string, extra: string[] = []) {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${commonName}`,
      ...extra,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
}

export interface TestHttpsServer {
  baseUrl: string;
  /** The server's self-signed certificate, PEM. */
  cert: string;
  /** A file holding `cert`. */
  certFile: string;
  /** How many TCP connections were made to it, handshakes that failed included. */
  connections(): number;
  close(): Promise<void>;
}

/** A real HTTPS server on 127.0.0.1 with a self-signed certificate for that address. */
export async function startTestHttpsServer(listener: RequestListener): Promise<TestHttpsServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "atm-tls-"));
  makeSelfSignedCertificate(dir, "127.0.0.1", ["-addext", "subjectAltName=IP:127.0.0.1"]);
  const cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
  const server: Server = createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, listener);
  let connections = 0;
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    connections: () => connections,
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/oneprovider`,
    cert,
    certFile: path.join(dir, "cert.pem"),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
