import { nameProblem } from "../../policy/names.js";
import type { CallRecord } from "../trail/calls.js";
import { FieldStats, mergeFields } from "./field-stats.js";

/** Input fields followed per agent and tool, and how deep into nested objects. */
const MAX_FIELDS = 64;
const MAX_DEPTH = 4;
const MAX_DELEGATES = 20;
const RISKS = ["low", "medium", "high", "critical"];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Everything the calls of one agent on one tool showed: counts, risk, approvals, delegates, and each input field. */
export class CallGroup {
  calls = 0;
  /** Calls recorded without arguments (capture off), or with arguments that are not an object of fields. */
  withoutFields = 0;
  risk = "low";
  first = "";
  last = "";
  /** Calls the recorded policy let run only with approval, and who approved. */
  approved = 0;
  readonly approvers = new Set<string>();
  readonly delegates = new Set<string>();
  readonly fields = new Map<string, FieldStats>();
  fieldsDropped = false;

  constructor(
    readonly agent: string,
    readonly tool: string,
  ) {}

  see(call: CallRecord, delegate: string | undefined): void {
    this.calls++;
    if (RISKS.indexOf(call.tool.risk) > RISKS.indexOf(this.risk)) this.risk = call.tool.risk;
    if (this.first === "" || call.time < this.first) this.first = call.time;
    if (call.time > this.last) this.last = call.time;
    if (call.decision.effect === "require_approval") {
      this.approved++;
      for (const answer of call.approvals) if (answer.approved) this.approvers.add(answer.approver);
    }
    if (delegate !== undefined && this.delegates.size < MAX_DELEGATES) this.delegates.add(delegate);
    if (!call.hasArguments || !isPlainObject(call.arguments)) this.withoutFields++;
    else this.#walk(call.arguments, "", 0);
  }

  // Fields by dotted path, as conditions read them; a key a policy could not name (a dot in it, hidden
  // characters) is not followed: no condition is derived from it, which only ever grants less narrowly.
  #walk(value: Record<string, unknown>, prefix: string, depth: number): void {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(".") || nameProblem(key) !== undefined) continue;
      const path = `${prefix}${key}`;
      const field = this.#field(path);
      if (!field) continue;
      field.see(item);
      if (isPlainObject(item) && depth + 1 < MAX_DEPTH) this.#walk(item, `${path}.`, depth + 1);
    }
  }

  #field(path: string): FieldStats | undefined {
    let field = this.fields.get(path);
    if (!field && this.fields.size < MAX_FIELDS) {
      field = new FieldStats();
      this.fields.set(path, field);
    } else if (!field) this.fieldsDropped = true;
    return field;
  }

  /** Adds another group's calls (the same agent name seen under another instance id). */
  merge(other: CallGroup): void {
    this.calls += other.calls;
    this.withoutFields += other.withoutFields;
    if (RISKS.indexOf(other.risk) > RISKS.indexOf(this.risk)) this.risk = other.risk;
    if (this.first === "" || (other.first !== "" && other.first < this.first)) this.first = other.first;
    if (other.last > this.last) this.last = other.last;
    this.approved += other.approved;
    for (const name of other.approvers) this.approvers.add(name);
    for (const name of other.delegates) if (this.delegates.size < MAX_DELEGATES) this.delegates.add(name);
    this.fieldsDropped ||= other.fieldsDropped;
    for (const [path, field] of other.fields) {
      const mine = this.#field(path);
      if (mine) mergeFields(mine, field);
    }
  }
}
