import { CliIo } from './io';

/** A progress line on a terminal for runs longer than a second; nothing when stderr is not a TTY. */
export function startProgress(io: CliIo, total: number): { tick: (done: number) => void; stop: () => void } {
  if (!io.isTty) return { tick: () => undefined, stop: () => undefined };
  const color = !io.env.NO_COLOR;
  const startedAt = Date.now();
  let shown = false;
  return {
    tick: (done) => {
      if (Date.now() - startedAt < 1000) return;
      shown = true;
      const text = `synthesizing ${done}/${total} charts`;
      io.stderr(`\r${color ? `\x1b[2m${text}\x1b[0m` : text}`);
    },
    stop: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
