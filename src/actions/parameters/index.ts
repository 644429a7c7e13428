/** The action parameter pipeline: merge specs, fill defaults, render, cast, validate, mask. */
export { OVERRIDABLE_RUNNER_ATTRIBUTES, checkOverride, mergeParameterSpecs, type OverridableRunnerAttribute } from './merge-specs.js';
export { buildParameterSchema, toJsonSchema } from './json-schema.js';
export { checkSuppliedKeys, compiledValidator, parametersError, validateRequest, validateValues, type SuppliedKeyProblems } from './validate.js';
export { findTemplateReferences, type TemplateReferences } from './template-references.js';
export { orderByDependencies, type DependencyOrder } from './dependency-graph.js';
export { RENDER_ROOTS, renderParameters, type ParameterRenderContext, type RenderParametersInput, type RenderParametersResult } from './render.js';
export { BOOLEAN_TEXTS, NONE_MAGIC_VALUE, castParameters, castValue, type CastResult } from './cast.js';
export { parsePythonLiteral } from './python-literal.js';
export { applyMask, maskParameters, secretKeys, secretMask, type SecretMask } from './secrets.js';
export { ParameterPipeline, prepareParameters, type PrepareParametersInput, type PreparedParameters } from './prepare.js';
