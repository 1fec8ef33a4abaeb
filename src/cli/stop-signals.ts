import { EXIT } from "./exit-codes.js";

/**
 * Ctrl-C and SIGTERM for a command that runs until stopped: they abort `signal`, and `exitCode` is
 * then the shell's convention, 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 */
export function stopSignals() {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const onInterrupt = () => ((exitCode ??= EXIT.interrupted), controller.abort());
  const onTerminate = () => ((exitCode ??= EXIT.terminated), controller.abort());
  process.once("SIGINT", onInterrupt);
  process.once("SIGTERM", onTerminate);
  return {
    signal: controller.signal,
    /** The exit code of the signal that stopped the command; `undefined` while none has. */
    get exitCode() {
      return exitCode;
    },
    release() {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
    },
  };
}
