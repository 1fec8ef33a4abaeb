import { expect, test, vi } from "vitest";
import { fetchEngine, toHeaders, type FetchFunction } from "../../src/transport/http-engine.js";

// The engine over a `fetch`, against answers made by hand: what it reports of each, and how it
// reads and lets go of a body.
const bytes = (text: string) => new TextEncoder().encode(text);

function bodyOf(chunks: string[], cancel = vi.fn()) {
  let index = 0;
  return {
    cancel,
    stream: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index < chunks.length) controller.enqueue(bytes(chunks[index++]!));
        else controller.close();
      },
      cancel,
    }),
  };
}

/** A `fetch` answer made by hand: the fields the engine reads. */
const answer = (fields: { url?: string; type?: string; body?: ReadableStream<Uint8Array> | null }) =>
  ({
    status: 200,
    statusText: "OK",
    headers: new Headers(),
    url: "",
    type: "basic",
    body: null,
    ...fields,
  }) as unknown as Response;

const engineAnswering = (response: Response) => {
  const fetch: FetchFunction = async () => response;
  return fetchEngine(fetch);
};
const request = () => ({ method: "GET", headers: {}, body: null, signal: new AbortController().signal });

test("the URL is the answer's, or the request's when the answer has none; an opaque redirect is told apart", async () => {
  expect((await engineAnswering(answer({ url: "https://p/other" }))("https://p/x", request())).url).toBe(
    "https://p/other",
  );
  expect((await engineAnswering(answer({ url: "" }))("https://p/x", request())).url).toBe("https://p/x");
  expect(
    (await engineAnswering(answer({ type: "opaqueredirect" }))("https://p/x", request())).opaqueRedirect,
  ).toBe(true);
  expect((await engineAnswering(answer({}))("https://p/x", request())).opaqueRedirect).toBe(false);
});

test("discarding an answer without a body is fine; with one, it is cancelled", async () => {
  await (await engineAnswering(answer({ body: null }))("u", request())).discard();
  const body = bodyOf(["a"]);
  await (await engineAnswering(answer({ body: body.stream }))("u", request())).discard();
  expect(body.cancel).toHaveBeenCalled();
});

test("stream(): a reader that stops early cancels the rest; one that reads to the end does not", async () => {
  const early = bodyOf(["a", "b", "c"]);
  const response = await engineAnswering(answer({ body: early.stream }))("u", request());
  for await (const _chunk of response.stream()) break;
  expect(early.cancel).toHaveBeenCalledTimes(1);
  expect(early.stream.locked).toBe(false);
  const whole = bodyOf(["a", "b"]);
  const complete = await engineAnswering(answer({ body: whole.stream }))("u", request());
  const read: string[] = [];
  for await (const chunk of complete.stream()) read.push(new TextDecoder().decode(chunk));
  expect(read).toEqual(["a", "b"]);
  expect(whole.cancel).not.toHaveBeenCalled();
  expect(whole.stream.locked).toBe(false);
});

test("readAll(): everything under the limit, the reader released; past it, undefined and the rest cancelled", async () => {
  const small = bodyOf(["ab", "cd"]);
  const chunks = await (await engineAnswering(answer({ body: small.stream }))("u", request())).readAll!(4);
  expect(chunks?.map((chunk) => new TextDecoder().decode(chunk))).toEqual(["ab", "cd"]);
  expect(small.stream.locked).toBe(false);
  const large = bodyOf(["ab", "cd", "ef"]);
  expect(
    await (
      await engineAnswering(answer({ body: large.stream }))("u", request())
    ).readAll!(3),
  ).toBeUndefined();
  expect(large.cancel).toHaveBeenCalledTimes(1);
  expect(large.stream.locked).toBe(false);
  expect(await (await engineAnswering(answer({ body: null }))("u", request())).readAll!(3)).toEqual([]);
});

test("toHeaders copies what the engine's headers hold; headers that cannot be listed give none", () => {
  expect([...toHeaders(new Headers({ a: "1", b: "2" }))]).toEqual([
    ["a", "1"],
    ["b", "2"],
  ]);
  expect([...toHeaders({ get: () => null })]).toEqual([]);
});

test("a body-less answer (a 204) streams nothing", async () => {
  const response = await engineAnswering(answer({ body: null }))("https://p/x", request());
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.stream()) chunks.push(chunk);
  expect(chunks).toEqual([]);
});
