import cliProgress from 'cli-progress';
import type { RunEvent } from '../runner/run.js';

/**
 * A progress bar on stderr while calls are in flight. It draws only on a terminal; piped
 * output gets nothing, so logs stay clean.
 */
export function progressReporter(stream: NodeJS.WriteStream): {
  onEvent: (event: RunEvent) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { onEvent: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {value}/{total} calls | {errors} errors | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let errors = 0;
  return {
    onEvent(event) {
      if (event.type === 'start') bar.start(event.total, 0, { errors });
      else {
        if (event.row.status === 'error') errors++;
        bar.update(event.done, { errors });
      }
    },
    stop: () => bar.stop(),
  };
}
