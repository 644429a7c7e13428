/** Action aliases: format strings → matchers, parameter extraction, ambiguity checks, help entries. */
export { AliasRegistry, type AliasChatContext, type AliasRegistryDeps, type AliasSource } from './alias-registry.js';
export { AliasMatcher, type AliasEntry, type AliasMatch, type AliasMatcherOptions, type AliasParams, type AliasWarning, type Candidate, type ParameterLookup } from './alias-matcher.js';
export { AliasMatchError, type TiedFormat } from './match-error.js';
export { CompiledAliasFormat, compileAliasFormat, extractAliasParams, type ExtractedParams, type FormatMatch } from './format-parser.js';
export { splitExtraParams, type SplitCommand } from './extra-params.js';
export { findAnchors, type PatternAnchors } from './regex-anchors.js';
export { compareSpecificity, measureSpecificity, type Specificity } from './specificity.js';
export { closeness, fixedWords, suggestDisplays } from './suggestions.js';
export { exampleCommands, findOverlaps } from './overlap.js';
export { helpEntries, helpPage, type HelpEntry, type HelpGroup, type HelpPage, type HelpQuery } from './help.js';
