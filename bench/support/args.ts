/**
 * Command-line options of a benchmark: `--name=value` or `--name value`, and bare `--flag`.
 * Unknown or malformed values are reported, never silently replaced by defaults.
 */
export class BenchArgs {
  readonly #values = new Map<string, string | true>();

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
      const eq = arg.indexOf('=');
      if (eq > 2) this.#values.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) this.#values.set(arg.slice(2), argv[++i]!);
      else this.#values.set(arg.slice(2), true);
    }
  }

  /** A positive number option (zero too with `allowZero`). */
  number(name: string, fallback: number, options: { allowZero?: boolean } = {}): number {
    const raw = this.#values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw === true || raw.trim() === '' || !Number.isFinite(n) || n < 0 || (n === 0 && !options.allowZero)) {
      throw new Error(`--${name} must be a ${options.allowZero ? 'non-negative' : 'positive'} number, not "${String(raw)}"`);
    }
    return n;
  }

  /** A comma-separated list option whose items must all be in `allowed`. */
  list(name: string, fallback: readonly string[], allowed: readonly string[]): string[] {
    const raw = this.#values.get(name);
    if (raw === undefined) return [...fallback];
    const items = raw === true ? [] : raw.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = items.filter((x) => !allowed.includes(x));
    if (items.length === 0 || bad.length) throw new Error(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
    return items;
  }

  flag(name: string): boolean {
    return this.#values.get(name) === true;
  }

  /** Option names given that are not in `known` (typos), so the runner can refuse them. */
  unknown(known: readonly string[]): string[] {
    return [...this.#values.keys()].filter((k) => !known.includes(k));
  }
}
