import type { EventTable } from '@churn/features';

/**
 * Collects generated events in growing typed arrays, one user at a time, and sorts each
 * user's events by time (ties keep the order of generation) when the user ends.
 */
export class EventBuffer {
  private size = 0;
  private capacity = 1 << 16;
  private userStart = 0;
  private currentUser = 0;
  private time = new Float64Array(this.capacity);
  private type = new Uint8Array(this.capacity);
  private userId = new Int32Array(this.capacity);
  private watch = new Float64Array(this.capacity);
  private quiz = new Float64Array(this.capacity);
  private amount = new Float64Array(this.capacity);
  private course: string[] = [];
  private order = new Int32Array(1024);
  private scratch = new Float64Array(1024);

  beginUser(userId: number): void {
    this.currentUser = userId;
    this.userStart = this.size;
  }

  add(
    time: number,
    type: number,
    course: string,
    watch: number,
    quiz: number,
    amount: number,
  ): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.time[i] = time;
    this.type[i] = type;
    this.userId[i] = this.currentUser;
    this.watch[i] = watch;
    this.quiz[i] = quiz;
    this.amount[i] = amount;
    this.course[i] = course;
  }

  endUser(): void {
    const start = this.userStart;
    const count = this.size - start;
    if (count < 2) return;
    if (this.order.length < count) {
      this.order = new Int32Array(count * 2);
      this.scratch = new Float64Array(count * 2);
    }
    const { order, time } = this;
    for (let i = 0; i < count; i++) order[i] = start + i;
    // Stable insertion sort by time: events are made day by day, so only the few events
    // of one day are out of order and this costs little more than one pass.
    for (let i = 1; i < count; i++) {
      const item = order[i]!;
      const at = time[item]!;
      let j = i - 1;
      while (j >= 0 && time[order[j]!]! > at) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = item;
    }
    for (const column of [this.time, this.type, this.watch, this.quiz, this.amount]) {
      const copy = this.scratch;
      for (let i = 0; i < count; i++) copy[i] = column[order[i]!]!;
      for (let i = 0; i < count; i++) column[start + i] = copy[i]!;
    }
    const courses = this.course.slice(start, start + count);
    for (let i = 0; i < count; i++) this.course[start + i] = courses[order[i]! - start]!;
  }

  toTable(): EventTable {
    const n = this.size;
    const eventId = new Float64Array(n);
    for (let i = 0; i < n; i++) eventId[i] = i + 1;
    return {
      rows: n,
      eventId,
      userId: this.userId.slice(0, n),
      eventTime: this.time.slice(0, n),
      eventType: this.type.slice(0, n),
      courseId: this.course.slice(0, n),
      watchMinutes: this.watch.slice(0, n),
      quizScore: this.quiz.slice(0, n),
      amount: this.amount.slice(0, n),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(array: T): T => {
      const larger = new (array.constructor as new (length: number) => T)(this.capacity);
      larger.set(array);
      return larger;
    };
    this.time = grow(this.time);
    this.type = grow(this.type);
    this.userId = grow(this.userId);
    this.watch = grow(this.watch);
    this.quiz = grow(this.quiz);
    this.amount = grow(this.amount);
  }
}
