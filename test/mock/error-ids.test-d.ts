import { describe, expectTypeOf, test } from "vitest";
import { badValue, mockError, type KnownErrorId } from "../../src/mock/errors.js";
import type { ERROR_ID_VALUES } from "../../generated/enum-values.js";

describe("the mock's error ids", () => {
  test("are the ids the spec names: a misspelt one does not compile", () => {
    expectTypeOf<KnownErrorId>().toEqualTypeOf<(typeof ERROR_ID_VALUES)[number]>();
    mockError("notFound", "The resource could not be found.");
    // @ts-expect-error: not an id of the spec
    mockError("notfound", "The resource could not be found.");
    // @ts-expect-error: not an id of the spec
    badValue("badValueInt", "limit");
  });
});
