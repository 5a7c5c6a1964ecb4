// Work that runs at most once per animation frame however often it is asked for: drawing
// after a burst of events, applying a view after a burst of wheel steps.

export class FrameTask {
  /** @param {() => void} run */
  constructor(run) {
    this.run = run;
    this.id = 0;
  }

  /** Runs the task in the next frame, unless that is already asked. */
  schedule() {
    if (this.id) return;
    this.id = requestAnimationFrame(() => {
      this.id = 0;
      this.run();
    });
  }

  /** Forgets a scheduled run (the caller runs the work now instead). */
  cancel() {
    if (this.id) cancelAnimationFrame(this.id);
    this.id = 0;
  }
}
