import { expectTypeOf, test } from "vitest";
import type * as Package from "../../src/index.js";
import {
  createOneproviderClient,
  isOneproviderError,
  type AttemptErrorEvent,
  type HeadersSource,
  type ListOptions,
  type OneproviderError,
  type OperationId,
  type RequestEvent,
  type TokenSource,
} from "../../src/index.js";
import { createNodeClient } from "../../src/node.js";

test("no exported type shadows the DOM's ErrorEvent", () => {
  expectTypeOf<"ErrorEvent" extends keyof typeof Package ? true : false>().toEqualTypeOf<false>();
  expectTypeOf<AttemptErrorEvent>().toHaveProperty("error");
});

test("hook events carry the operationId, typed as the spec's ids", () => {
  expectTypeOf<RequestEvent["operationId"]>().toEqualTypeOf<string>();
  expectTypeOf<"getWorkflowExecutionDetails">().toMatchTypeOf<OperationId>();
  expectTypeOf<"dumpAtmStore">().toMatchTypeOf<OperationId>();
});

test("a token function is told whether its last token was rejected", () => {
  const source: TokenSource = ({ rejected }) => (rejected ? "renewed" : "cached");
  expectTypeOf(source).toMatchTypeOf<TokenSource>();
  createOneproviderClient({ host: "h", token: async ({ rejected }) => (rejected ? "a" : "b") });
});

test("headers: an object or a sync or async function of the attempt", () => {
  const object: HeadersSource = { traceparent: "00-…" };
  const sync: HeadersSource = ({ operationId, attempt }) => ({ "x-op": `${operationId}-${attempt}` });
  const async: HeadersSource = async () => ({ "x-a": "b" });
  createOneproviderClient({ host: "h", headers: object });
  createOneproviderClient({ host: "h", headers: sync });
  createOneproviderClient({ host: "h", headers: async });
  // @ts-expect-error a header value is a string
  createOneproviderClient({ host: "h", headers: { "x-count": 3 } });
});

test("ListOptions has every query parameter the spec names, index included", () => {
  expectTypeOf<ListOptions>().toHaveProperty("index");
  expectTypeOf<ListOptions>().toHaveProperty("phase");
  expectTypeOf<ListOptions>().toHaveProperty("token");
});

test("isOneproviderError narrows unknown", () => {
  const value: unknown = new Error("x");
  if (isOneproviderError(value)) expectTypeOf(value).toEqualTypeOf<OneproviderError>();
});

test("createNodeClient takes every client option and Node's TLS options, not fetch", () => {
  const client = createNodeClient({ host: "h", token: "t", ca: "-----BEGIN CERTIFICATE-----", retry: false });
  expectTypeOf(client.getWorkflowExecution).returns.resolves.toHaveProperty("status");
  expectTypeOf(client.close).toEqualTypeOf<() => void>();
  // @ts-expect-error createNodeClient sends with node:http, not a fetch
  createNodeClient({ host: "h", fetch: globalThis.fetch });
});
