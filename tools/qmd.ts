// The records of CMS's qpp-measures-data as test/reference keeps them (CMS's field names).

/** One activity of ia-inventory/<year>.json. */
export interface QmdActivity {
  measureId: string;
  title: string;
  description: string;
  /** Absent from 2025 on: CMS stopped weighting activities; null for IA_PCMH. */
  weight?: 'medium' | 'high' | null;
  subcategoryId: string | null;
  /** 2017-2018 only. */
  cehrtEligible?: boolean | null;
  /** 2023 on: programs and MVP ids. */
  allowedPrograms?: string[];
  /** 2025 on. */
  allowedRegistrationTypes?: string[];
}

/** One MVP of mvp/<year>.json (2023 on). */
export interface QmdMvp {
  mvpId: string;
  title: string;
  clinicalTopic?: string;
  iaMeasureIds: string[];
}
