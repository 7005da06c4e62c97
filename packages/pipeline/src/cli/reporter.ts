import type { RunReporter } from '../runner.js';
import type { Step } from '../step.js';

/**
 * Draws the run on stderr: on a terminal, a live line per step with a spinner or a bar
 * (progress.start/update); otherwise (CI=true or piped), one line per step when it ends.
 */
export function createReporter(stream: NodeJS.WriteStream, interactive: boolean): RunReporter {
  const frames = ['|', '/', '-', '\\'];
  let current: { step: Step; index: number; count: number; started: number } | null = null;
  let phase = { label: '', total: 0, done: 0 };
  let tick = 0;
  let timer: NodeJS.Timeout | undefined;
  const prefix = (index: number, count: number, step: Step) =>
    `[${index + 1}/${count}] ${step.name}`;

  const draw = () => {
    if (!current) return;
    const elapsed = ((performance.now() - current.started) / 1000).toFixed(1);
    let detail = frames[tick++ % frames.length]!;
    if (phase.total > 0) {
      const share = Math.min(1, phase.done / phase.total);
      const width = 20;
      const filled = Math.round(share * width);
      detail = `${phase.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`;
    }
    stream.write(
      `\r\x1b[2K${prefix(current.index, current.count, current.step)} ${detail} ${elapsed}s`,
    );
  };

  const finish = (line: string) => {
    if (timer) clearInterval(timer);
    timer = undefined;
    current = null;
    stream.write(interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
  };

  return {
    stepStarted(step, index, count) {
      current = { step, index, count, started: performance.now() };
      phase = { label: '', total: 0, done: 0 };
      if (interactive) {
        draw();
        timer = setInterval(draw, 100);
        timer.unref();
      }
    },
    stepFinished(step, result, seconds) {
      const index = current?.index ?? 0;
      const count = current?.count ?? 1;
      finish(`${prefix(index, count, step)} ok ${seconds.toFixed(2)}s: ${result.summary}`);
    },
    stepFailed(step, _error, seconds) {
      const index = current?.index ?? 0;
      const count = current?.count ?? 1;
      finish(`${prefix(index, count, step)} FAILED after ${seconds.toFixed(2)}s`);
    },
    log(step, message) {
      if (interactive) stream.write('\r\x1b[2K');
      stream.write(`  ${step.name}: ${message}\n`);
      if (interactive) draw();
    },
    progress: {
      start(label, total) {
        phase = { label, total, done: 0 };
        if (interactive) draw();
      },
      update(done) {
        phase.done = done;
      },
    },
  };
}
