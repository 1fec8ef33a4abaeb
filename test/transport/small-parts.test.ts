import { getEventListeners } from "node:events";
import { describe, expect, test, vi } from "vitest";
import { onAbort } from "../../src/transport/abort-listeners.js";
import { collectChunks, decodeChunks } from "../../src/transport/read-body.js";
import { sleep } from "../../src/transport/sleep.js";
import { checkTokenText, resolveToken, setTokenHeader } from "../../src/transport/token.js";
import { OneproviderError, OneproviderUsageError } from "../../src/errors/error-classes.js";

// The transport's small parts, edge by edge (the survivors of its first mutation run).
const pending = Symbol("pending");
/** What a promise has settled to by the next turn of the event loop, or `pending`. */
const settledSoon = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      (value) => value,
      (error: unknown) => error,
    ),
    new Promise((resolve) => setImmediate(() => resolve(pending))),
  ]);

describe("onAbort", () => {
  test("calls at once on a signal already aborted; its remover stops a callback before the abort", () => {
    const early = vi.fn();
    onAbort(AbortSignal.abort("over"), early);
    expect(early).toHaveBeenCalledTimes(1);
    const controller = new AbortController();
    const removed = vi.fn();
    const kept = vi.fn();
    onAbort(controller.signal, removed)();
    onAbort(controller.signal, kept);
    controller.abort("why");
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });
});

test("onAbort's one listener is gone once the signal has aborted", () => {
  const controller = new AbortController();
  onAbort(controller.signal, () => undefined);
  controller.abort();
  expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
});

test("sleep on a signal already aborted rejects at once with its reason", async () => {
  expect(await settledSoon(sleep(60_000, AbortSignal.abort("stop")))).toBe("stop");
});

describe("tokens", () => {
  test("an empty token is a usage error that names what it is, never the value", () => {
    expect(() => checkTokenText("   ", "token")).toThrow(
      new OneproviderUsageError("token must be a non-empty string"),
    );
    expect(checkTokenText("  abc ", "token")).toBe("abc");
  });

  test("a fixed token is itself; none is none", async () => {
    expect(await resolveToken("abc")).toBe("abc");
    expect(await resolveToken(undefined)).toBeUndefined();
  });

  test("a token function is told whether the last token was rejected (not, by default)", async () => {
    const source = vi.fn(() => "t0k3n");
    await resolveToken(source);
    await resolveToken(source, true);
    expect(source.mock.calls).toEqual([[{ rejected: false }], [{ rejected: true }]]);
  });

  test("a token function that throws, returns no string, or an empty one: each its own error", async () => {
    const cause = new Error("vault down");
    const failed = await resolveToken(() => {
      throw cause;
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OneproviderError);
    expect(failed).toMatchObject({ message: "the token function failed", cause });
    await expect(resolveToken(() => 42 as never)).rejects.toThrow(
      new OneproviderUsageError("the token function must return a non-empty string"),
    );
    await expect(resolveToken(() => " ")).rejects.toThrow(
      new OneproviderUsageError("the token function's result must be a non-empty string"),
    );
  });

  test("no token sets no header", () => {
    const headers: Record<string, string> = {};
    setTokenHeader(headers, undefined, "x-auth-token");
    setTokenHeader(headers, undefined, "bearer");
    expect(headers).toEqual({});
  });
});

describe("bodies", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  test("chunks are joined before decoding: a character split between two survives; a BOM is dropped", () => {
    const word = bytes("\uFEFFcafé au lait");
    expect(decodeChunks([word.subarray(0, 6), word.subarray(6)])).toBe("café au lait");
    expect(decodeChunks([bytes("a"), bytes("b"), bytes("c")])).toBe("abc");
    expect(decodeChunks([])).toBe("");
  });

  test("a body of exactly the limit is read; one byte more is not", async () => {
    async function* source() {
      yield bytes("12345");
      yield bytes("67890");
    }
    expect(await collectChunks(source(), 10)).toHaveLength(2);
    expect(await collectChunks(source(), 9)).toBeUndefined();
  });
});
