import { statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorDetail } from '../errors/index.js';
import type { ParameterSpec, TriggerTypeMeta } from '../model/index.js';
import type { ContentSchemas } from './schemas/index.js';
import { detailAt } from './schema-errors.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/** What every content builder needs to know about the pack it is loading. */
export interface PackContext {
  /** The pack's ref; content `pack` fields must agree with it. */
  ref: string;
  /** Absolute path of the pack directory. */
  path: string;
  schemas: ContentSchemas;
  knownRunners: ReadonlySet<string>;
  availableRunners: ReadonlySet<string>;
  runnerParameters: (runner: string) => Record<string, ParameterSpec> | undefined;
  /** Trigger types whose parameters a rule's `trigger.parameters` are checked against (built-ins plus the pack's own). */
  triggerTypes: ReadonlyMap<string, TriggerTypeMeta>;
}

/**
 * One parsed content file while it is being checked: its data, its source for line numbers and
 * the problems found so far. A file with any error is skipped; warnings do not stop it.
 */
export class ContentFile {
  readonly file: string;
  readonly absolutePath: string;
  readonly data: Record<string, unknown>;
  readonly source: YamlSource;
  readonly errors: ErrorDetail[] = [];
  readonly warnings: ErrorDetail[] = [];

  constructor(file: string, absolutePath: string, data: Record<string, unknown>, source: YamlSource) {
    this.file = file;
    this.absolutePath = absolutePath;
    this.data = data;
    this.source = source;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  error(at: readonly PathSegment[], message: string, on: 'key' | 'value' = 'value'): void {
    this.errors.push(detailAt(this.source, this.data, at, message, on));
  }

  warn(at: readonly PathSegment[], message: string, on: 'key' | 'value' = 'value'): void {
    this.warnings.push(detailAt(this.source, this.data, at, message, on));
  }

  /** A string field (the schema has already checked its type). */
  string(key: string): string | undefined {
    const v = this.data[key];
    return typeof v === 'string' ? v : undefined;
  }

  /** An object field, or an empty object when absent. */
  object(key: string): Record<string, unknown> {
    const v = this.data[key];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  }

  /**
   * StackStorm fills in a missing `pack` from the directory and rejects one that disagrees.
   * Returns the pack ref to use.
   */
  checkPack(ctx: PackContext): string {
    const declared = this.data.pack;
    if (declared !== undefined && declared !== null && declared !== '' && declared !== ctx.ref) {
      this.error(['pack'], `is "${String(declared)}" but the file is in pack "${ctx.ref}"`);
    }
    return ctx.ref;
  }

  /** Where the file is, as content metadata records it. */
  location(): { file: string } {
    return { file: this.absolutePath };
  }

  /**
   * Resolves `entry` against `baseDir` (a folder of the pack) and checks it names a file inside
   * the pack; reports at `field` otherwise. Returns whether it exists.
   */
  checkFileInPack(ctx: PackContext, baseDir: string, entry: string, field: string): boolean {
    const resolved = path.resolve(ctx.path, baseDir, entry);
    const relative = path.relative(ctx.path, resolved);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      this.error([field], `"${entry}" points outside the pack`);
      return false;
    }
    if (!statSync(resolved, { throwIfNoEntry: false })?.isFile()) {
      this.error([field], `file ${relative.split(path.sep).join('/')} does not exist`);
      return false;
    }
    return true;
  }
}
