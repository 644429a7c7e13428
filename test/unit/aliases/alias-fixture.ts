import type { AliasFormat, AliasMeta, Params } from '../../../src/model/index.js';

/** An enabled alias `pack.name` running `pack.act`, its formats given as strings or format objects. */
export function alias(ref: string, formats: (string | AliasFormat)[], fields: Partial<AliasMeta> & { immutable_parameters?: Params } = {}): AliasMeta {
  const [pack = 'p', name = ref] = ref.split('.');
  return {
    ref,
    pack,
    name,
    enabled: true,
    action_ref: `${pack}.act`,
    formats: formats.map((f) => (typeof f === 'string' ? { display: f, representation: [f] } : f)),
    source: { file: `/packs/${pack}/aliases/${name}.yaml` },
    ...fields,
  };
}
