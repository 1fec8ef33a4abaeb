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

/**
 * One port on 127.0.0.1 that speaks both TLS and plain HTTP, so that `https://127.0.0.1:P/…` and
 * `http://127.0.0.1:P/…` differ by their scheme alone: a downgrade to the same host and port. A small
 * TCP front reads the first byte of each connection (0x16 opens a TLS handshake) and relays it to an
 * HTTPS or a plain HTTP server of its own. `plainRequests` holds what arrived in clear.
 */
export async function startDualProtocolServer(tlsListener: RequestListener): Promise<{
  port: number;
  cert: string;
  plainRequests: Array<{ url: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}> {
  const net = await import("node:net");
  const { createServer: createHttpServer } = await import("node:http");
  const dir = mkdtempSync(path.join(tmpdir(), "atm-tls-"));
  makeSelfSignedCertificate(dir, "127.0.0.1", ["-addext", "subjectAltName=IP:127.0.0.1"]);
  const cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
  const secure = createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, tlsListener);
  const plainRequests: Array<{ url: string; headers: Record<string, unknown> }> = [];
  const plain = createHttpServer((request, response) => {
    plainRequests.push({ url: request.url ?? "", headers: request.headers });
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const listen = (server: import("node:net").Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
  const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  const sockets = new Set<import("node:net").Socket>();
  const track = (socket: import("node:net").Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const front = net.createServer((client) => {
    track(client);
    client.once("data", (first) => {
      const backend = net.connect(first[0] === 0x16 ? securePort : plainPort, "127.0.0.1");
      track(backend);
      backend.write(first);
      client.pipe(backend).pipe(client);
      client.once("close", () => backend.destroy());
      backend.once("close", () => client.destroy());
    });
  });
  const port = await listen(front);
  return {
    port,
    cert,
    plainRequests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      secure.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all(
        [front, secure, plain].map((server) => new Promise((resolve) => server.close(resolve))),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
