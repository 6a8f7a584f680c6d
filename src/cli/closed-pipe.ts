const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that leaves early (`me-unify validate out | head -1`) closes the pipe: Node then
 * emits EPIPE on stdout (or stderr), which would crash with a stack trace. That is no failure of
 * the run: further output is dropped and the run ends with its own exit code. Other stream
 * errors keep their default behaviour.
 */
export function ignoreClosedPipes(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    if (guarded.has(stream)) continue;
    guarded.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
        stream.destroy();
        return;
      }
      throw err;
    });
  }
}
