/**
 * The aliases of the loaded content as a service: match chat text to an alias, list help, and
 * turn a match into the ActionRequest that starts its execution. Rebuilt from the content on
 * every reload (`reload()`), which also runs the overlap check.
 *
 * The chat path, in full:
 *
 *   const matches = app.aliases.match(text);          // throws AliasMatchError / SquallError
 *   for (const m of matches) {
 *     const execution = app.executor.request(app.aliases.aliasExecutionRequest(m, { target, apiUser }));
 *     ...
 *   }
 */
import type { ActionRequest } from '../actions/action-executor.js';
import type { ActionMeta, AliasMeta, ChatTarget, ExecutionContext } from '../model/index.js';
import type { Logger } from '../util/logger.js';
import { AliasMatcher, type AliasMatch, type AliasWarning } from './alias-matcher.js';
import { helpPage, type HelpPage, type HelpQuery } from './help.js';
import { findOverlaps } from './overlap.js';

/** Where the registry reads aliases and action parameter specs from (the ContentRegistry does both). */
export interface AliasSource {
  aliases(): AliasMeta[];
  action(ref: string): ActionMeta | undefined;
}

export interface AliasRegistryDeps {
  content: AliasSource;
  /** Warnings are logged here on every reload. */
  logger?: Logger;
}

/** Who typed an alias command, and where: what an alias execution's context records. */
export interface AliasChatContext {
  /** The channel (and thread) the command came from; results go back there. */
  target: ChatTarget;
  /** The chat user who typed the command: `context.api_user`, and the `st2kv.user` scope for templates. */
  apiUser: string;
  /** The Squall user to run as; the executor's configured system user when absent. */
  user?: string;
  /** A notify section for this execution (overrides the action's own). */
  notify?: ActionMeta['notify'];
  /** Correlation id from the chat event, carried into the execution context as `trace_tag`. */
  traceTag?: string;
}

/** The loaded aliases, compiled for matching. */
export class AliasRegistry {
  readonly #deps: AliasRegistryDeps;
  #aliases: AliasMeta[] = [];
  #matcher = new AliasMatcher([]);
  #warnings: AliasWarning[] = [];

  constructor(deps: AliasRegistryDeps) {
    this.#deps = deps;
  }

  /** Re-reads the aliases from the content and recompiles; returns (and logs) the warnings. */
  reload(): readonly AliasWarning[] {
    this.#aliases = this.#deps.content.aliases();
    this.#matcher = new AliasMatcher(this.#aliases, { parameters: (ref) => this.#deps.content.action(ref)?.parameters });
    this.#warnings = [...this.#matcher.warnings, ...findOverlaps(this.#matcher.entries)];
    for (const w of this.#warnings) this.#deps.logger?.warn('alias warning', { ...w });
    return this.#warnings;
  }

  /** Every loaded alias, enabled or not, in load order (pack aliases, then site-wide ones). */
  list(): AliasMeta[] {
    return [...this.#aliases];
  }

  get(ref: string): AliasMeta | undefined {
    return this.#aliases.find((a) => a.ref === ref);
  }

  /** Formats that do not compile, and aliases that can match the same command. */
  warnings(): readonly AliasWarning[] {
    return this.#warnings;
  }

  /** The matcher over the enabled aliases (for ranking and suggestions). */
  get matcher(): AliasMatcher {
    return this.#matcher;
  }

  /**
   * The executions a command asks for (see AliasMatcher.match): one, or one per hit of a
   * `match_multiple` format. Throws AliasMatchError (ALIAS_NO_MATCH with suggestions,
   * ALIAS_AMBIGUOUS) or SquallError PARAMETER_IMMUTABLE.
   */
  match(text: string): AliasMatch[] {
    return this.#matcher.match(text);
  }

  /** Help entries of the enabled aliases, filtered and paged. */
  help(query: HelpQuery = {}): HelpPage {
    return helpPage(this.#aliases, query);
  }

  /**
   * The ActionRequest for one match, for `ActionExecutor.request`:
   *
   * - `ref`: the alias's `action_ref`;
   * - `parameters`: the extracted values, then the alias's `immutable_parameters` (a command can
   *   never supply those: `match` refuses it);
   * - `context`: `action_alias_ref`, `api_user`, `chat` (the target), `source: 'chat'`, and `user`,
   *   `notify`, `trace_tag` when given;
   * - `trustedTemplates`: only the immutable keys. What came from chat is data and is never
   *   rendered; the immutable values are the alias author's templates (`{{ st2kv.user.x }}`,
   *   `{{ action_context.api_user }}`) and are rendered by the parameter pipeline.
   */
  aliasExecutionRequest(match: AliasMatch, chat: AliasChatContext): ActionRequest {
    const immutableKeys = Object.keys(match.immutable);
    const context: Partial<ExecutionContext> = {
      action_alias_ref: match.alias.ref,
      api_user: chat.apiUser,
      chat: { ...chat.target },
      source: 'chat',
      ...(chat.user ? { user: chat.user } : {}),
      ...(chat.notify ? { notify: chat.notify } : {}),
      ...(chat.traceTag ? { trace_tag: chat.traceTag } : {}),
    };
    return {
      ref: match.alias.action_ref,
      parameters: { ...match.params, ...structuredClone(match.immutable) },
      context,
      trustedTemplates: immutableKeys.length ? immutableKeys : false,
    };
  }
}
