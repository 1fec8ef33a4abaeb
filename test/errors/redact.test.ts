import { describe, expect, test } from "vitest";
import { excerpt, redactDeep, redactError, redactorOf } from "../../src/errors/redact.js";

// The redaction that keeps the token out of every error, log and report, edge by edge.
const long = "abcdefghijklmnop/+=token"; // 24 characters, some that percent-encoding changes

describe("redactorOf", () => {
  test("no token, or an empty one: text passes as it is", () => {
    expect(redactorOf(undefined)("a b")).toBe("a b");
    expect(redactorOf("")("a b")).toBe("a b");
  });

  test("a long token goes everywhere, in words too, and in its percent-encoded form", () => {
    const redact = redactorOf(long);
    expect(redact(`x${long}y ${long}`)).toBe("x[token]y [token]");
    expect(redact(`?t=${encodeURIComponent(long)}&`)).toBe("?t=[token]&");
    expect(redact("nothing here")).toBe("nothing here");
  });

  test("from 16 characters on, a token is long: it goes inside words", () => {
    expect(redactorOf("abcdefghijklmnop")("xxabcdefghijklmnopxx")).toBe("xx[token]xx");
    expect(redactorOf("abcdefghijklmno")("xxabcdefghijklmnoxx")).toBe("xxabcdefghijklmnoxx");
  });

  test("a short token goes only where it stands alone: an error id that contains it stays", () => {
    const redact = redactorOf("t");
    expect(redact("notFound")).toBe("notFound");
    expect(redact("t")).toBe("[token]");
    expect(redact("x-t-y, t.")).toBe("x-[token]-y, [token].");
    expect(redactorOf("a b")("x=a%20b;")).toBe("x=[token];");
    expect(redactorOf("a.c")("abc a.c")).toBe("abc [token]");
  });
});

test("redactDeep redacts every string, keys included, and leaves the rest", () => {
  const redact = redactorOf(long);
  expect(redactDeep({ [long]: [long, 1, null, { k: `a ${long}` }], n: 2, b: true }, redact)).toStrictEqual({
    "[token]": ["[token]", 1, null, { k: "a [token]" }],
    n: 2,
    b: true,
  });
  expect(redactDeep(5, redact)).toBe(5);
});

describe("redactError", () => {
  test("a null property on the way is no token: the error is kept as it is", () => {
    const error = Object.assign(new Error("refused"), { code: null, cause: { errno: null } });
    expect(redactError(error, redactorOf(long))).toBe(error);
  });

  const redact = redactorOf(long);

  test("an error that does not hold the token is kept as it is; a string or a non-object passes through", () => {
    const clean = new TypeError("clean");
    expect(redactError(clean, redact)).toBe(clean);
    expect(redactError(`say ${long}`, redact)).toBe("say [token]");
    expect(redactError(42, redact)).toBe(42);
    expect(redactError(null, redact)).toBe(null);
  });

  test("an error that holds it is copied, of the same class, every string redacted; the original is untouched", () => {
    const original = new TypeError(`bad ${long}`);
    const copy = redactError(original, redact) as TypeError;
    expect(copy).not.toBe(original);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe("bad [token]");
    expect(copy.stack).not.toContain(long);
    expect(original.message).toBe(`bad ${long}`);
  });

  test("the token down the cause chain, or in raw bytes, is found and taken out", () => {
    const inner = Object.assign(new Error("inner"), { data: new TextEncoder().encode(`GET /?t=${long}`) });
    const outer = new Error("outer", { cause: inner });
    const copy = redactError(outer, redact) as Error & { cause: { data: unknown } };
    expect(copy.message).toBe("outer");
    expect(copy.cause.data).toBe("GET /?t=[token]");
    const plain = redactError({ a: { b: long } }, redact) as { a: { b: string } };
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain.a.b).toBe("[token]");
  });

  test("properties that are undefined or plain values are passed over on the way to the token", () => {
    const error = Object.assign(new Error("plain"), { missing: undefined, count: 3, nested: { note: long } });
    const copy = redactError(error, redact) as Error & {
      missing: unknown;
      count: number;
      nested: { note: string };
    };
    expect(copy.nested.note).toBe("[token]");
    expect(copy).toMatchObject({ missing: undefined, count: 3 });
  });

  test("the token at depth 8 is still taken out; at depth 9 the whole value is left as it is", () => {
    const nest = (levels: number) => {
      let value: Record<string, unknown> = { text: long };
      for (let level = 0; level < levels; level++) value = { next: value };
      return value;
    };
    const at8 = redactError(nest(8), redact);
    expect(JSON.stringify(at8)).not.toContain(long);
    const at9 = nest(9);
    expect(redactError(at9, redact)).toBe(at9);
  });

  test("a cycle that holds the token ends, redacted", () => {
    const cyclic: Record<string, unknown> = { text: long };
    cyclic.self = cyclic;
    const copy = redactError(cyclic, redact) as Record<string, unknown>;
    expect(copy.text).toBe("[token]");
    expect((copy.self as Record<string, unknown>).text).toBe("[token]");
  });

  test("an error whose bytes and objects are clean is kept as it is; a function is never copied", () => {
    const bytes = Object.assign(new Error("x"), { data: new TextEncoder().encode("clean bytes") });
    expect(redactError(bytes, redact)).toBe(bytes);
    const nestedClean = Object.assign(new Error("x"), {
      detail: { a: "clean", b: [1, "two"] },
      gone: undefined,
      count: 3,
    });
    expect(redactError(nestedClean, redact)).toBe(nestedClean);
    const named = Object.defineProperty(() => undefined, "name", { value: long });
    expect(redactError(named, redact)).toBe(named);
  });

  test("the copy's fields can still be changed and deleted, like an error's own", () => {
    const copy = redactError(new Error(`bad ${long}`), redact) as Error;
    copy.message = "changed";
    expect(copy.message).toBe("changed");
    expect(delete (copy as { stack?: string }).stack).toBe(true);
    expect(Object.getOwnPropertyNames(copy)).not.toContain("stack");
  });

  test("a chain deeper than 8 is left as it is (cycles and monsters end)", () => {
    let deep: Record<string, unknown> = { text: long };
    for (let level = 0; level < 10; level++) deep = { next: deep };
    expect(redactError(deep, redact)).toBe(deep);
    const cyclic: Record<string, unknown> = { text: "clean" };
    cyclic.self = cyclic;
    expect(redactError(cyclic, redact)).toBe(cyclic);
  });
});

test("excerpt: one line, trimmed, without the token, cut after 200 characters", () => {
  const redact = redactorOf(long);
  expect(excerpt(`  a\n\tb  ${long} `, redact)).toBe("a b [token]");
  expect(excerpt("x".repeat(200), redact)).toBe("x".repeat(200));
  expect(excerpt("x".repeat(201), redact)).toBe(`${"x".repeat(200)}…`);
});
