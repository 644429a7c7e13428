/**
 * Why a command started nothing: no alias format matched it (with the closest displays, for an
 * "unknown command" reply), or several matched equally well (naming them; Squall never guesses).
 */
import { SquallError, type ErrorDetail } from '../errors/index.js';

/** An alias format that matched a command as well as another one did. */
export interface TiedFormat {
  /** The alias ref (`pack.name`). */
  alias: string;
  representation: string;
}

/** ALIAS_NO_MATCH or ALIAS_AMBIGUOUS, with the data a chat reply needs. */
export class AliasMatchError extends SquallError {
  /** Closest displays, best first (no match only). */
  readonly suggestions: readonly string[];
  /** The formats that tied (ambiguous only). */
  readonly tied: readonly TiedFormat[];

  private constructor(code: 'ALIAS_NO_MATCH' | 'ALIAS_AMBIGUOUS', message: string, details: ErrorDetail[], data: { suggestions?: string[]; tied?: TiedFormat[] }) {
    super(code, message, { details });
    this.suggestions = data.suggestions ?? [];
    this.tied = data.tied ?? [];
  }

  /** StackStorm's "Command '<text>' matched no patterns", with suggestions as details. */
  static noMatch(text: string, suggestions: string[]): AliasMatchError {
    const details = suggestions.map((s) => ({ field: 'did you mean', message: s }));
    return new AliasMatchError('ALIAS_NO_MATCH', `Command '${text}' matched no patterns`, details, { suggestions });
  }

  /** StackStorm's "Command '<text>' matched more than 1 pattern", naming the tied aliases. */
  static ambiguous(text: string, tied: TiedFormat[]): AliasMatchError {
    const names = [...new Set(tied.map((t) => t.alias))].join(', ');
    const details = tied.map((t) => ({ field: t.alias, message: t.representation }));
    return new AliasMatchError('ALIAS_AMBIGUOUS', `Command '${text}' matched more than 1 pattern equally well: ${names}`, details, { tied });
  }
}
