import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SquallError, type ErrorDetail } from '../errors/index.js';
import type { ActionMeta, AliasMeta, Params, PolicyMeta, RuleMeta, SensorMeta, TriggerTypeMeta } from '../model/index.js';
import { BUILTIN_TRIGGER_TYPES } from '../triggers/builtin-trigger-types.js';
import { buildAlias } from './content-builders.js';
import type { PackContext } from './content-file.js';
import { MANIFEST_FILE } from './pack-manifest.js';
import { loadPack, readContentDir, validated, type LoadedPack, type LoadPackOptions } from './pack-loader.js';
import { AVAILABLE_RUNNERS, KNOWN_RUNNERS, runnerParameters } from './runner-parameters.js';
import { ContentSchemas } from './schemas/index.js';

/**
 * The pack site-wide aliases belong to when their file names none. StackStorm files content
 * without a pack under `default` (its DEFAULT_PACK_NAME), so site aliases do too: `default.<name>`.
 */
export const SITE_ALIAS_PACK = 'default';

/** A problem in loaded content, with the pack it belongs to (file paths are relative to that pack). */
export interface PackProblem extends ErrorDetail {
  pack: string;
}

export interface LoadAllOptions extends LoadPackOptions {
  /** Folder of site-wide aliases (`*.yaml`), loaded after the packs. */
  aliasesDir?: string;
}

/**
 * Every loaded pack and its content, looked up by ref. `loadAll` replaces everything; a broken
 * pack is kept (with its errors) but contributes no content, and never stops the others.
 */
export class ContentRegistry {
  readonly #schemas = new ContentSchemas();
  #options: LoadAllOptions = {};
  #packs = new Map<string, LoadedPack>();
  #siteAliases: AliasMeta[] = [];
  #siteErrors: PackProblem[] = [];
  #siteWarnings: PackProblem[] = [];
  #shadowed: PackProblem[] = [];
  #actions = new Map<string, ActionMeta>();

  /**
   * Loads every subdirectory with a pack.yaml under each of `packsPaths`, then the site-wide
   * aliases. When two packs share a ref the one from the earlier path (or, in one path, the
   * earlier directory name) wins; the other is reported as a warning.
   */
  loadAll(packsPaths: readonly string[], options: LoadAllOptions = {}): LoadedPack[] {
    this.#options = { ...options, schemas: this.#schemas };
    this.#packs = new Map();
    this.#shadowed = [];
    for (const root of packsPaths) {
      if (!existsSync(root)) continue;
      for (const name of readdirSync(root).sort()) {
        const dir = path.join(root, name);
        if (name.startsWith('.') || !statSync(dir, { throwIfNoEntry: false })?.isDirectory() || !existsSync(path.join(dir, MANIFEST_FILE))) continue;
        const loaded = loadPack(dir, this.#options);
        const first = this.#packs.get(loaded.ref);
        if (first) {
          this.#shadowed.push({ pack: loaded.ref, file: MANIFEST_FILE, message: `pack ${loaded.ref} in ${loaded.path} is ignored: the one in ${first.path} came first` });
          continue;
        }
        this.#packs.set(loaded.ref, loaded);
      }
    }
    this.#loadSiteAliases();
    this.#index();
    return this.packs();
  }

  /** Reloads one pack from its directory (after an edit or an install). Throws PACK_NOT_FOUND for an unknown ref. */
  reloadPack(ref: string): LoadedPack {
    const old = this.#packs.get(ref);
    if (!old) throw new SquallError('PACK_NOT_FOUND', `pack ${ref} is not loaded`);
    const loaded = loadPack(old.path, this.#options);
    // Keep the pack's place in load order; a changed ref replaces the old entry.
    this.#packs = new Map([...this.#packs].map(([k, v]) => (k === ref ? [loaded.ref, loaded] : [k, v])));
    this.#loadSiteAliases();
    this.#index();
    return loaded;
  }

  pack(ref: string): LoadedPack | undefined {
    return this.#packs.get(ref);
  }

  packs(): LoadedPack[] {
    return [...this.#packs.values()];
  }

  /** The configuration values of a pack (defaults applied), if it has a config schema or file. */
  packConfig(ref: string): Params | undefined {
    return this.#packs.get(ref)?.config?.values;
  }

  action(ref: string): ActionMeta | undefined {
    return this.#actions.get(ref);
  }

  actions(): ActionMeta[] {
    return [...this.#actions.values()];
  }

  rules(): RuleMeta[] {
    return this.packs().flatMap((p) => p.rules);
  }

  /** Pack aliases, then site-wide aliases. */
  aliases(): AliasMeta[] {
    return [...this.packs().flatMap((p) => p.aliases), ...this.#siteAliases];
  }

  sensors(): SensorMeta[] {
    return this.packs().flatMap((p) => p.sensors);
  }

  policies(): PolicyMeta[] {
    return this.packs().flatMap((p) => p.policies);
  }

  /** Trigger types declared by packs (the built-in `core.st2.*` ones live in the trigger registry). */
  triggerTypes(): TriggerTypeMeta[] {
    return this.packs().flatMap((p) => p.triggerTypes);
  }

  /** Every content error of every pack and of the site-wide aliases. */
  errors(): PackProblem[] {
    return [...this.packs().flatMap((p) => p.errors.map((e) => ({ ...e, pack: p.ref }))), ...this.#siteErrors];
  }

  /**
   * Warnings: each pack's own, shadowed packs, and references that lead nowhere (a rule, alias or
   * policy naming an action no loaded pack has, a rule on a trigger type nobody declares).
   */
  warnings(): PackProblem[] {
    const own = this.packs().flatMap((p) => p.warnings.map((w) => ({ ...w, pack: p.ref })));
    return [...own, ...this.#shadowed, ...this.#siteWarnings, ...this.#danglingReferences()];
  }

  #index(): void {
    this.#actions = new Map(this.packs().flatMap((p) => p.actions.map((a) => [a.ref, a] as const)));
  }

  #loadSiteAliases(): void {
    this.#siteAliases = [];
    this.#siteErrors = [];
    this.#siteWarnings = [];
    const dir = this.#options.aliasesDir;
    if (!dir || !existsSync(dir)) return;
    const root = path.dirname(path.resolve(dir));
    const sink = { errors: [] as ErrorDetail[], warnings: [] as ErrorDetail[] };
    const ctx: PackContext = {
      ref: SITE_ALIAS_PACK,
      path: root,
      schemas: this.#schemas,
      knownRunners: this.#options.knownRunners ?? new Set(KNOWN_RUNNERS),
      availableRunners: this.#options.availableRunners ?? new Set(AVAILABLE_RUNNERS),
      runnerParameters: this.#options.runnerParameters ?? runnerParameters,
      triggerTypes: new Map(),
    };
    const taken = new Set(this.packs().flatMap((p) => p.aliases.map((a) => a.ref)));
    const files = readContentDir(root, path.basename(path.resolve(dir)), sink, root);
    for (const f of validated(files, 'alias', this.#schemas, sink)) {
      const alias = buildAlias(f, ctx, true);
      if (alias && taken.has(alias.ref)) f.error(['name'], `alias ${alias.ref} is already declared`);
      if (alias && f.ok) {
        this.#siteAliases.push(alias);
        taken.add(alias.ref);
      }
      sink.errors.push(...f.errors);
      sink.warnings.push(...f.warnings);
    }
    this.#siteErrors = sink.errors.map((e) => ({ ...e, pack: SITE_ALIAS_PACK }));
    this.#siteWarnings = sink.warnings.map((w) => ({ ...w, pack: SITE_ALIAS_PACK }));
  }

  #danglingReferences(): PackProblem[] {
    const out: PackProblem[] = [];
    const triggerRefs = new Set([...BUILTIN_TRIGGER_TYPES, ...this.triggerTypes()].map((t) => t.ref));
    const file = (source: { file: string } | undefined, pack: string) => {
      const packPath = this.#packs.get(pack)?.path;
      return source ? (packPath ? path.relative(packPath, source.file).split(path.sep).join('/') : source.file) : undefined;
    };
    const note = (pack: string, source: { file: string } | undefined, field: string, message: string) => {
      const f = file(source, pack);
      out.push({ pack, ...(f ? { file: f } : {}), field, message });
    };
    for (const r of this.rules()) {
      if (!this.#actions.has(r.action.ref)) note(r.pack, r.source, 'action.ref', `rule ${r.ref} runs ${r.action.ref}, which no loaded pack declares`);
      if (!triggerRefs.has(r.trigger.type)) note(r.pack, r.source, 'trigger.type', `rule ${r.ref} waits for trigger type ${r.trigger.type}, which no loaded pack declares`);
    }
    for (const a of this.aliases()) {
      if (!this.#actions.has(a.action_ref)) note(a.pack, a.source, 'action_ref', `alias ${a.ref} runs ${a.action_ref}, which no loaded pack declares`);
    }
    for (const p of this.policies()) {
      if (!this.#actions.has(p.resource_ref)) note(p.pack, p.source, 'resource_ref', `policy ${p.ref} applies to ${p.resource_ref}, which no loaded pack declares`);
    }
    return out;
  }
}
