/**
 * The template seam. The Jinja implementation (`jinja.ts`) is the only place that knows nunjucks;
 * rules, actions, aliases and notifications render through this interface.
 *
 * Rule: only templates written by pack authors or operators are rendered. Values that came from
 * chat, webhooks or trigger payloads are passed in the context, never as the template.
 */
export interface TemplateRenderer {
  /**
   * Renders to text. Throws SquallError TEMPLATE_ERROR (or TEMPLATE_UNSAFE) with the reason.
   * `lenient`: undefined names render as "" (StackStorm's alias ack and result formatting).
   */
  render(template: string, context: Record<string, unknown>, options?: { lenient?: boolean }): string;
  /**
   * StackStorm's typed rendering for rule criteria patterns: a text holding `{{ ... }}` is rendered
   * with each expression piped through `to_complex` and the output JSON-decoded, so
   * `"{{ trigger.int }}"` yields a number; when the output is not JSON it falls back to plain
   * rendering. A text without template markers is returned unchanged.
   */
  renderTyped(template: string, context: Record<string, unknown>): unknown;
  /** True when the text holds `{{`, `{%` or `{#`. */
  isTemplate(text: string): boolean;
  /**
   * The `st2kv` context object: `st2kv.system.KEY` always, `st2kv.user.KEY` only when `user` is
   * given. Dotted names chain (`st2kv.system.a.b` is key `a.b`); a missing key renders as "".
   */
  kvContext(user?: string): Record<string, unknown>;
}
