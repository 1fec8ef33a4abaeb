// Preloaded into the tool (NODE_OPTIONS=--require) to make its output a terminal, as a user's shell would.
Object.defineProperty(process.stdout, "isTTY", { value: true });
Object.defineProperty(process.stdout, "columns", { value: 100 });
