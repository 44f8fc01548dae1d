// The profiles the service fills a QPP submission's context from (PROFILES_FILE; engine/qpp/profiles.ts).
// Loaded at start; reloaded with the packs (SIGHUP, POST /v1/admin/reload): a broken file never
// replaces a good one.
import { loadProfiles, type Profiles } from '../engine/qpp/profiles.js';

export type ProfilesReload = { ok: true; size: number } | { ok: false; message: string };

export class ProfileStore {
  #profiles: Profiles | undefined;

  /** Without a file there are no profiles (the default); with one, it is read now and throws if broken. */
  constructor(readonly file?: string) {
    this.#profiles = file ? loadProfiles(file) : undefined;
  }

  get profiles(): Profiles | undefined {
    return this.#profiles;
  }

  /** Reads the file again; the new profiles replace the old only if the file is valid. */
  reload(): ProfilesReload {
    if (!this.file) return { ok: true, size: 0 };
    try {
      this.#profiles = loadProfiles(this.file);
      return { ok: true, size: this.#profiles.size };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }
}
