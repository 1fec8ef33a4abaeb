import type { MockOneprovider } from "../../src/mock/index.js";

/**
 * While `work` runs, moves a mock on the manual clock `stepMs` forward each time it has been asked
 * something: a tool that polls it (in this process or another) sees the execution move about one
 * step per request, however loaded the machine, and the test never waits for the mock's time to pass.
 */
export async function stepPerRequest<T>(mock: MockOneprovider, work: Promise<T>, stepMs = 1000): Promise<T> {
  let done = false;
  const finished = work.finally(() => (done = true));
  let seen = mock.requestCount;
  while (!done) {
    // A look every millisecond or so: the server takes requests meanwhile, and no core is kept busy.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const count = mock.requestCount;
    if (count > seen) await mock.advance((count - seen) * stepMs);
    seen = count;
  }
  return finished;
}

/** A `fetch` that moves the mock one step before each request: every poll of a wait sees the next step. */
export function steppingFetch(mock: MockOneprovider, stepMs = 1000): typeof fetch {
  return async (input, init) => {
    await mock.advance(stepMs);
    return fetch(input, init);
  };
}
