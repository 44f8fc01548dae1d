// Reloading the packs (SIGHUP or POST /v1/admin/reload): logged and counted the same way for both.
import { formatPackError } from '../engine/pack/errors.js';
import type { AppContext } from './context.js';
import type { ReloadResult } from './pack-store.js';

export function reloadPacks(ctx: Pick<AppContext, 'store' | 'logger' | 'metrics'>, trigger: 'SIGHUP' | 'http'): ReloadResult {
  const result = ctx.store.reload();
  if (result.ok) {
    ctx.metrics.reloads.inc({ result: 'applied' });
    ctx.logger.info({ event: 'reload', trigger, years: [...result.packs.keys()], changed: result.changed, dir: ctx.store.dir },
      `packs reloaded: ${result.packs.size} years, ${result.changed.length} changed`);
  } else {
    ctx.metrics.reloads.inc({ result: 'rejected' });
    ctx.logger.error({ event: 'reload', trigger, rejected: true, errors: result.errors.map(formatPackError), dir: ctx.store.dir },
      `pack reload rejected: ${result.message}; the previous packs keep serving`);
  }
  return result;
}
