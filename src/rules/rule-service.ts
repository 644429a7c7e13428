import { SquallError } from '../errors/index.js';
import type { RuleMeta } from '../model/index.js';
import type { Store, Collection } from '../store/store.js';

interface RuleState {
  id: string;
  enabled: boolean;
}

/**
 * The rules in force: those loaded from packs, with enable/disable choices made through the CLI or
 * API kept in the store (so they survive restarts and pack reloads), pushed to the rules engine.
 */
export class RuleService {
  readonly #state: Collection<RuleState>;
  readonly #apply: (rules: RuleMeta[]) => void;
  #rules: RuleMeta[] = [];

  constructor(deps: { store: Store; apply: (enabledRules: RuleMeta[]) => void }) {
    this.#state = deps.store.collection<RuleState>('content_state');
    this.#apply = deps.apply;
  }

  /** Replaces the loaded rules (after a pack load or reload). */
  setRules(rules: readonly RuleMeta[]): void {
    this.#rules = rules.map((r) => {
      const state = this.#state.get(`rule:${r.ref}`);
      return state ? { ...r, enabled: state.enabled } : r;
    });
    this.#apply(this.#rules.filter((r) => r.enabled));
  }

  list(filter: { pack?: string } = {}): RuleMeta[] {
    return this.#rules.filter((r) => !filter.pack || r.pack === filter.pack);
  }

  get(ref: string): RuleMeta | undefined {
    return this.#rules.find((r) => r.ref === ref);
  }

  setEnabled(ref: string, enabled: boolean): RuleMeta {
    const rule = this.get(ref);
    if (!rule) throw new SquallError('RULE_NOT_FOUND', `rule ${ref} not found`);
    this.#state.put({ id: `rule:${ref}`, enabled });
    this.setRules(this.#rules);
    return this.get(ref)!;
  }
}
