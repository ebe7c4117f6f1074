import type { FlowDraw, FlowMark } from "../types.js";

type Marks = Map<string, FlowMark>;

/** A call's marks, visible from admission until its tool starts (kept) or it ends without starting (dropped). */
interface Provisional {
  readonly conversation: string | undefined;
  readonly mark: FlowMark;
  readonly flows: readonly string[];
  /** The longest window of those flows. */
  readonly windowMs: number;
}

/** One root agent name's marks. */
interface RootMarks {
  /** Per host-supplied conversation, least recently used first. */
  readonly conversations: Map<string, Marks>;
  /** Calls without a conversation, and conversations evicted for memory: every conversation sees these. */
  readonly wide: Marks;
  /** The newest mark of each flow across everything: what a call without a conversation sees. */
  readonly any: Marks;
  readonly provisional: Map<string, Provisional>;
  /** When the newest kept mark leaves its window: past it, with nothing provisional, nothing here can be read. */
  until: number;
}

const SWEEP_PER_MARK = 2;

const newer = (a: FlowMark | undefined, b: FlowMark | undefined) => (!a ? b : !b ? a : b.at > a.at ? b : a);

function keep(marks: Marks, flow: string, mark: FlowMark): void {
  marks.set(flow, newer(marks.get(flow), mark) as FlowMark);
}

/**
 * Flow marks per root agent name and conversation. Memory is bounded per root (`maxConversations`); an
 * evicted conversation's marks fold into the root's conversation-wide marks, so eviction never forgets a
 * restriction, and one root's activity never evicts another's. A root whose marks have all left their windows
 * is dropped, a few per marking call (as the Redis store lets such keys expire), so memory follows the roots
 * active within a window, not every root name ever seen.
 */
export class MemoryFlows {
  readonly #roots = new Map<string, RootMarks>();
  readonly #maxConversations: number;
  #sweep: Iterator<[string, RootMarks]> | undefined;

  constructor(maxConversations: number) {
    this.#maxConversations = maxConversations;
  }

  /** The newest visible mark of each flow in `draw.read`, within its window. */
  read(root: string, draw: FlowDraw, now: number): Record<string, FlowMark> {
    const found: Record<string, FlowMark> = {};
    const marks = this.#roots.get(root);
    if (!marks || draw.read.length === 0) return found;
    const own = draw.conversation === undefined ? undefined : marks.conversations.get(draw.conversation);
    for (const flow of draw.read) {
      const everywhere = flow.scope === "agent" || draw.conversation === undefined;
      let mark = everywhere ? marks.any.get(flow.id) : newer(own?.get(flow.id), marks.wide.get(flow.id));
      for (const pending of marks.provisional.values()) {
        if (!pending.flows.includes(flow.id)) continue;
        // A call still running may bring its untrusted data any moment: its mark is current, whatever its age.
        if (everywhere || pending.conversation === undefined || pending.conversation === draw.conversation) {
          mark = newer(mark, { tool: pending.mark.tool, at: now });
        }
      }
      if (mark && now - mark.at <= flow.windowMs) found[flow.id] = mark;
    }
    return found;
  }

  /** Marks the flows a call starts, provisionally, until `settle`. */
  mark(root: string, ticket: string, draw: FlowDraw, now: number): void {
    if (draw.mark.length === 0) return;
    this.#sweepSome(now);
    const marks = this.#root(root);
    const flows = draw.mark.map((flow) => flow.id);
    let windowMs = 0;
    for (const flow of draw.mark) windowMs = Math.max(windowMs, flow.windowMs);
    const pending = { conversation: draw.conversation, mark: { tool: draw.tool, at: now }, flows, windowMs };
    marks.provisional.set(ticket, pending);
  }

  /** How many root names hold marks (provisional or within a window, or expired and not yet swept). */
  get size(): number {
    return this.#roots.size;
  }

  /**
   * Keeps a call's provisional marks if its tool started — as of now, not of its admission: the untrusted data
   * arrived when the call ended, so a slow read (or one that waited for approval) starts the whole window — and
   * drops them otherwise.
   */
  settle(root: string, ticket: string, started: boolean, now: number): void {
    const marks = this.#roots.get(root);
    const pending = marks?.provisional.get(ticket);
    if (!marks || !pending) return;
    marks.provisional.delete(ticket);
    if (!started) return;
    const conversation =
      pending.conversation === undefined ? marks.wide : this.#conversation(marks, pending.conversation);
    const mark = { tool: pending.mark.tool, at: Math.max(pending.mark.at, now) };
    for (const flow of pending.flows) {
      keep(conversation, flow, mark);
      keep(marks.any, flow, mark);
    }
    marks.until = Math.max(marks.until, mark.at + pending.windowMs);
  }

  #sweepSome(now: number): void {
    for (let i = 0; i < SWEEP_PER_MARK && this.#roots.size > 0; i++) {
      this.#sweep ??= this.#roots.entries();
      const next = this.#sweep.next();
      if (next.done) {
        this.#sweep = undefined;
        continue;
      }
      const [root, marks] = next.value;
      // `read` shows a mark while now - at <= window: only past `until` is every one of them out of sight.
      if (marks.provisional.size === 0 && now > marks.until) this.#roots.delete(root);
    }
  }

  #root(root: string): RootMarks {
    let marks = this.#roots.get(root);
    if (!marks) {
      marks = { conversations: new Map(), wide: new Map(), any: new Map(), provisional: new Map(), until: 0 };
      this.#roots.set(root, marks);
    }
    return marks;
  }

  #conversation(marks: RootMarks, id: string): Marks {
    const existing = marks.conversations.get(id);
    marks.conversations.delete(id);
    const own = existing ?? new Map<string, FlowMark>();
    marks.conversations.set(id, own);
    if (marks.conversations.size > this.#maxConversations) {
      const [oldest, evicted] = marks.conversations.entries().next().value as [string, Marks];
      marks.conversations.delete(oldest);
      for (const [flow, mark] of evicted) keep(marks.wide, flow, mark);
    }
    return own;
  }
}
