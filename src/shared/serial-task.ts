// An async task that runs one at a time: a call while it runs queues one more run, and calls
// while that one waits share it (each resolves once a run that started after it has finished).

export type SerialTask = () => Promise<void>;

export function createSerialTask(task: () => Promise<void>): SerialTask {
  let last: Promise<unknown> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  const run = (): Promise<void> => {
    waiting = undefined;
    return task();
  };
  return () => {
    if (waiting === undefined) {
      waiting = last.then(run, run);
      last = waiting.catch(() => undefined);
    }
    return waiting;
  };
}
