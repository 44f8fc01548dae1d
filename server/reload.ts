// Reloading the packs (SIGHUP or POST /v1/admin/reload): logged and counted the same way for both.
// The profiles file is read again with them; a broken one keeps the previous profiles (logged).
import { formatPackErrors } from '../engine/pack/errors.js';
import type { AppContext } from './context.js';
import type { ReloadResult } from './pack-store.js';

export function reloadPacks(ctx: Pick<AppContext, 'store' | 'profiles' | 'logger' | 'metrics'>, trigger: 'SIGHUP' | 'http'): ReloadResult {
  reloadProfiles(ctx, trigger);
  const result = ctx.store.reload();
  if (result.ok) {
    ctx.metrics.reloads.inc({ result: 'applied' });
    const { changed, added, removed } = result;
    // A year whose file is gone is no longer served: say so where an operator looks.
    const dropped = removed.length > 0 ? `; no longer served: ${removed.join(', ')} (no pack file)` : '';
    ctx.logger[removed.length > 0 ? 'warn' : 'info']({ event: 'reload', trigger, years: [...result.packs.keys()], changed, added, removed, dir: ctx.store.dir },
      `packs reloaded: ${result.packs.size} years, ${changed.length} changed${dropped}`);
  } else {
    ctx.metrics.reloads.inc({ result: 'rejected' });
    ctx.logger.error({ event: 'reload', trigger, rejected: true, errors: formatPackErrors(result.errors, result.errorCount), dir: ctx.store.dir },
      `pack reload rejected: ${result.message}; the previous packs keep serving`);
  }
  return result;
}

function reloadProfiles(ctx: Pick<AppContext, 'profiles' | 'logger'>, trigger: 'SIGHUP' | 'http'): void {
  if (!ctx.profiles.file) return;
  const result = ctx.profiles.reload();
  if (result.ok) ctx.logger.info({ event: 'profiles-reload', trigger, profiles: result.size, file: ctx.profiles.file }, `profiles reloaded: ${result.size}`);
  else ctx.logger.error({ event: 'profiles-reload', trigger, rejected: true, file: ctx.profiles.file }, `profiles reload rejected: ${result.message}; the previous profiles keep serving`);
}
