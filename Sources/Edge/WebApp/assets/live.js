// One run's events over the WebSocket: starts a run or watches one, and after a dropped
// connection reconnects and resumes after the last seq it saw, so nothing is missed
// or applied twice.

import { finalEvents as FINAL } from "./catalog.js";

export class LiveRun {
  /**
   * @param {object} options
   * @param {string} [options.jobId] the run to watch (or nothing, with `start`)
   * @param {number} [options.afterSeq] events up to this seq are already known
   * @param {object} [options.start] an `execute_full_orchestration` message to send once
   * @param {(event: object) => void} options.onEvent each event once, in seq order
   * @param {(state: string) => void} options.onConnection "connecting", "live", "reconnecting", "closed"
   * @param {(error: object) => void} options.onError an `error` message from the server
   */
  constructor(options) {
    this.jobId = options.jobId ?? null;
    this.lastSeq = options.afterSeq ?? 0;
    this.start = options.start ?? null;
    this.onEvent = options.onEvent;
    this.onConnection = options.onConnection ?? (() => {});
    this.onError = options.onError ?? (() => {});
    this.finished = false;
    this.stopped = false;
    this.attempt = 0;
    this.timer = null;
  }

  connect() {
    if (this.stopped) return;
    this.onConnection(this.attempt === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.onConnection("live");
      if (this.jobId) socket.send(JSON.stringify({ type: "watch", job_id: this.jobId, after_seq: this.lastSeq }));
      else if (this.start) socket.send(JSON.stringify(this.start));
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped || this.finished) { this.onConnection("closed"); return; }
      this.attempt += 1;
      this.onConnection("reconnecting");
      const delay = Math.min(10000, 500 * 2 ** Math.min(this.attempt, 5));
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    if (message.event === "error") { this.onError(message.data ?? {}); return; }
    if (message.event === "pong" || typeof message.seq !== "number") return;
    if (!this.jobId && message.job_id) this.jobId = message.job_id;
    if (message.job_id !== this.jobId || message.seq <= this.lastSeq) return;
    this.lastSeq = message.seq;
    this.onEvent(message);
    if (FINAL.has(message.event)) {
      this.finished = true;
      this.socket?.close(1000, "run finished");
    }
  }

  /** Stops for good (leaving the page). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, "leaving");
  }
}

export function isFinalEvent(name) {
  return FINAL.has(name);
}
