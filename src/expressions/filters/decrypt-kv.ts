/**
 * `decrypt_kv`: decrypts a secret key-value item, `{{ st2kv.system.password | decrypt_kv }}`.
 * Like StackStorm it refuses a missing or empty item instead of decrypting nothing.
 */
import type { KeyValueStore } from '../../datastore/key-value.js';
import { templateFunction, type TemplateFunction } from '../jinja/callables.js';
import { isUndefined } from '../jinja/undefined.js';
import { KvLookup } from '../kv-lookup.js';
import { PythonError } from '../../python/errors.js';
import { PY_VALUE } from '../../python/protocol.js';
import { pythonStr } from '../../python/repr.js';

export function createDecryptKv(kv: KeyValueStore | undefined): TemplateFunction {
  return templateFunction('decrypt_kv', ['value'], (value: unknown) => {
    if (isUndefined(value)) throw value.error();
    let ciphertext: string;
    if (value instanceof KvLookup) {
      ciphertext = value[PY_VALUE]();
      if (ciphertext === '') {
        throw new PythonError('ValueError', `Referenced datastore item "${value.keyName}" doesn't exist or it contains an empty string`);
      }
    } else {
      ciphertext = pythonStr(value);
    }
    if (!kv) throw new PythonError('ValueError', 'decrypt_kv needs a key-value store and none is configured');
    return kv.decrypt(ciphertext);
  }, { raw: true });
}
