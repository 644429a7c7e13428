import { statSync } from 'node:fs';
import path from 'node:path';
import { SquallError } from '../../errors/index.js';
import type { ActionMeta } from '../../model/index.js';

/**
 * The absolute path of an action's entry point: `<pack>/actions/<entry_point>`, as in StackStorm.
 * The file must exist and stay inside the pack directory, so metadata cannot point a runner at
 * arbitrary files on the host.
 */
export function resolveEntryPoint(action: ActionMeta): string {
  const where = { file: action.source.file, field: 'entry_point' };
  if (!action.entry_point) {
    throw new SquallError('ENTRY_POINT_INVALID', `action ${action.ref} has no entry_point`, { details: [{ ...where, message: 'is required for this runner' }] });
  }
  const packDir = path.resolve(action.pack_path);
  const file = path.resolve(packDir, 'actions', action.entry_point);
  const relative = path.relative(packDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new SquallError('ENTRY_POINT_INVALID', `entry point ${action.entry_point} of ${action.ref} is outside its pack`, { details: [{ ...where, message: 'must be inside the pack directory' }] });
  }
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new SquallError('ENTRY_POINT_INVALID', `entry point ${file} of ${action.ref} does not exist`, { details: [{ ...where, message: 'names no file under the pack\'s actions directory' }] });
  }
  return file;
}
