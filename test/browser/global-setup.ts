import type { TestProject } from "vitest/node";
import { startMockOneprovider } from "../../src/mock/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    mock: { baseUrl: string; token: string; wid: string };
  }
}

/** A mock Oneprovider on loopback, started in Node for the browser test, and stopped after it. */
export default async function setup(project: TestProject) {
  const mock = await startMockOneprovider({ clock: "manual", scenarios: ["finished"] });
  await mock.runToEnd();
  project.provide("mock", { baseUrl: mock.baseUrl, token: mock.token, wid: mock.executions.finished });
  return () => mock.close();
}
