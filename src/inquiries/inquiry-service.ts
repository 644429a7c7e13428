import { SquallError } from '../errors/index.js';
import type { Execution } from '../model/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { KeyValueStore } from '../datastore/key-value.js';
import type { Collection, Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { expiresAt, isInquiryExecution, toInquiry, type Inquiry } from './inquiry.js';
import { checkResponder, type Responder, type RolesOf } from './permissions.js';
import { ResponseSchema } from './response-schema.js';

/**
 * What happened to an inquiry. `responded` carries the response in clear (defaults filled): the
 * stored execution result holds it with secret members masked.
 */
export type InquiryEvent =
  | { type: 'responded'; inquiry: Inquiry; execution: Execution; response: unknown; responder: Responder }
  | { type: 'timeout'; inquiry: Inquiry; execution: Execution };

export type InquiryListener = (event: InquiryEvent) => void;

/** What the service is built from; the composition root supplies each piece. */
export interface InquiryServiceDeps {
  executions: ExecutionService;
  /** Holds the encrypted clear responses of inquiries whose schema has secret members. */
  store: Store;
  clock: Clock;
  /** Encrypts those clear responses at rest (the datastore's key). */
  crypto: Pick<KeyValueStore, 'encrypt' | 'decrypt'>;
  logger: Logger;
  /** Role lookup for `roles`-limited inquiries; without it role checks pass (StackStorm without RBAC). */
  rolesOf?: RolesOf;
}

/** A clear response kept encrypted, by inquiry (execution) id. */
interface StoredResponse {
  id: string;
  ciphertext: string;
}

/** Longest single timer: Node fires longer timeouts at once, and a ttl may be weeks. */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

/**
 * Inquiries: pending executions of the `inquirer` runner, waiting for a person's answer.
 *
 * `respond` applies StackStorm's checks in its order (is an inquiry, not timed out, still pending,
 * responder allowed, response valid against the schema with defaults filled) and then completes
 * the execution `succeeded` with `result.response`. Secret schema members are masked in the stored
 * result; the clear response goes to listeners of the `responded` event and stays readable through
 * `clearResponse(id)` (kept encrypted, so a workflow resumed after a restart still gets it).
 *
 * Resuming a parent workflow needs nothing more than the ExecutionService `status` event of the
 * inquiry's execution (pending → succeeded, or → timeout): the workflow engine already follows
 * its children's completions, and reads the response from the child's result (or from
 * `clearResponse` when the schema has secrets).
 *
 * Expiry: pending inquiries older than their `ttl` minutes (from the execution's start; 0 never)
 * become `timeout`, on a timer of the injected clock and once at `start()` for inquiries that
 * expired while Squall was down.
 */
export class InquiryService {
  readonly #deps: InquiryServiceDeps;
  readonly #responses: Collection<StoredResponse>;
  readonly #listeners = new Set<InquiryListener>();
  readonly #unsubscribe: () => void;
  #timer: { cancel(): void } | undefined;
  #started = false;

  constructor(deps: InquiryServiceDeps) {
    this.#deps = deps;
    this.#responses = deps.store.collection<StoredResponse>('inquiries');
    // Any inquiry starting or stopping to wait moves the next deadline.
    this.#unsubscribe = deps.executions.on((event) => {
      if (event.type === 'status' && isInquiryExecution(event.execution) && (event.execution.status === 'pending' || event.previous === 'pending')) this.#schedule();
    });
  }

  /**
   * Times out inquiries whose ttl passed while Squall was down, drops encrypted responses whose
   * execution is gone, and starts the expiry timer. Returns the inquiries timed out now.
   */
  start(): Inquiry[] {
    this.#started = true;
    for (const doc of this.#responses.list()) if (!this.#deps.executions.get(doc.id)) this.#responses.delete(doc.id);
    const expired = this.expire();
    this.#schedule();
    return expired;
  }

  /** Stops the expiry timer and stops following executions. */
  stop(): void {
    this.#started = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#unsubscribe();
  }

  /** Follows responses and timeouts; returns the unsubscribe function. A throwing listener is logged, not propagated. */
  on(listener: InquiryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Inquiries waiting for a response, newest first. */
  list(): Inquiry[] {
    return this.#pending()
      .sort((a, b) => b.start_timestamp.localeCompare(a.start_timestamp) || b.id.localeCompare(a.id))
      .map(toInquiry);
  }

  /** One inquiry, whatever its status. Throws INQUIRY_NOT_FOUND when `id` is not an inquirer execution. */
  get(id: string): Inquiry {
    return toInquiry(this.#execution(id));
  }

  /**
   * Answers inquiry `id`. Throws INQUIRY_NOT_FOUND, INQUIRY_EXPIRED, INQUIRY_ALREADY_ANSWERED,
   * INQUIRY_FORBIDDEN or INQUIRY_RESPONSE_INVALID (every bad field named), in that order of
   * checks. Returns the answered inquiry (response masked).
   */
  respond(id: string, response: unknown, responder: Responder): Inquiry {
    if (!responder.user) throw new SquallError('INQUIRY_FORBIDDEN', `a user is needed to respond to inquiry ${id}`, { details: [{ field: 'user', message: 'is required' }] });
    let execution = this.#execution(id);
    const deadline = expiresAt(execution);
    // The timer may not have fired yet; a late answer is refused all the same.
    if (execution.status === 'pending' && deadline !== undefined && this.#deps.clock.now() >= deadline) execution = this.#timeOut(execution);
    if (execution.status === 'timeout') throw new SquallError('INQUIRY_EXPIRED', `inquiry ${id} timed out without a response`);
    if (execution.status !== 'pending') throw new SquallError('INQUIRY_ALREADY_ANSWERED', `inquiry ${id} is ${execution.status}, not pending`);
    const inquiry = toInquiry(execution);
    checkResponder(inquiry, responder, this.#deps.rolesOf);

    const schema = ResponseSchema.compile(inquiry.schema);
    if (Array.isArray(schema)) throw new SquallError('INQUIRY_RESPONSE_INVALID', `inquiry ${id} has an unusable schema`, { details: schema });
    const { value, details } = schema.check(response);
    if (details.length > 0) {
      const summary = details.map((d) => `${d.field} ${d.message}`).join('; ');
      throw new SquallError('INQUIRY_RESPONSE_INVALID', `response to inquiry ${id} does not match its schema: ${summary}`, { details });
    }

    const masked = schema.mask(value);
    // Kept before the status changes, so listeners of that change can already read it.
    if (schema.hasSecrets) this.#responses.put({ id, ciphertext: this.#deps.crypto.encrypt(JSON.stringify(value)) });
    const previous = typeof execution.result === 'object' && execution.result !== null ? execution.result : {};
    const done = this.#deps.executions.transition(id, 'succeeded', {
      result: { ...previous, response: masked },
      status_reason: `responded by ${responder.user}${responder.via ? ` via ${responder.via}` : ''}`,
    });
    this.#deps.logger.info('inquiry answered', { execution_id: id, user: responder.user, via: responder.via });
    const answered = toInquiry(done);
    this.#emit({ type: 'responded', inquiry: answered, execution: done, response: structuredClone(value), responder });
    return answered;
  }

  /**
   * The response of an answered inquiry in clear (secret members included), or undefined when
   * the inquiry has none. For the workflow engine; never print it.
   */
  clearResponse(id: string): unknown {
    const execution = this.#deps.executions.get(id);
    if (!execution || !isInquiryExecution(execution)) return undefined;
    const result = execution.result;
    if (typeof result !== 'object' || result === null || !('response' in result)) return undefined;
    const stored = this.#responses.get(id);
    return stored ? (JSON.parse(this.#deps.crypto.decrypt(stored.ciphertext)) as unknown) : (result as { response: unknown }).response;
  }

  /** Times out every pending inquiry past its deadline now. Returns them. */
  expire(): Inquiry[] {
    const now = this.#deps.clock.now();
    const out: Inquiry[] = [];
    for (const execution of this.#pending()) {
      const deadline = expiresAt(execution);
      if (deadline !== undefined && now >= deadline) out.push(toInquiry(this.#timeOut(execution)));
    }
    return out;
  }

  #timeOut(execution: Execution): Execution {
    const { ttl } = toInquiry(execution);
    const done = this.#deps.executions.transition(execution.id, 'timeout', { status_reason: `no response within the inquiry's ttl of ${ttl} minute(s)` });
    this.#deps.logger.info('inquiry timed out', { execution_id: execution.id, ttl });
    this.#emit({ type: 'timeout', inquiry: toInquiry(done), execution: done });
    return done;
  }

  #execution(id: string): Execution {
    const execution = this.#deps.executions.get(id);
    if (!execution || !isInquiryExecution(execution)) throw new SquallError('INQUIRY_NOT_FOUND', `inquiry ${id} not found`);
    return execution;
  }

  #pending(): Execution[] {
    return this.#deps.executions.live().filter((e) => e.status === 'pending' && isInquiryExecution(e));
  }

  /** One timer, for the earliest deadline; it re-arms itself after each sweep. */
  #schedule(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (!this.#started) return;
    let next = Infinity;
    for (const execution of this.#pending()) next = Math.min(next, expiresAt(execution) ?? Infinity);
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.#deps.clock.now()), MAX_TIMER_MS);
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = undefined;
      this.expire();
      this.#schedule();
    }, delay);
  }

  #emit(event: InquiryEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#deps.logger.error('inquiry listener failed', { execution_id: event.execution.id, error: (err as Error).message });
      }
    }
  }
}
