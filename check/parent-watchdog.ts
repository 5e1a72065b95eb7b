/**
 * Preloaded (`node --require`) into the processes the check starts without an IPC channel (the policy
 * pack): their stdin is a pipe from the check, and when it closes the check is gone, however it ended
 * (even SIGKILL, which runs no handler). The process then ends too instead of serving forever.
 * Only its side effect matters: nothing imports it.
 */
if (!process.stdin.isTTY) {
    process.stdin.on("end", () => process.exit(1));
    process.stdin.on("error", () => process.exit(1));
    process.stdin.resume();
    // Reading stdin must not keep a process alive that has nothing else to do.
    (process.stdin as unknown as { unref?: () => void }).unref?.();
}

export {};
