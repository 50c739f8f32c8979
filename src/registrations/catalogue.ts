/**
 * The answers with a fixed list of choices. Codes are stored; labels live in
 * content/locales/<locale>/registration.yaml as `reg.choice.<field>.<code>`.
 */
export const APPLICANT_TYPES = ["worker", "student"] as const;
export const GENDERS = ["male", "female"] as const;
export const EDUCATION_LEVELS = ["none", "primary", "lower_secondary", "upper_secondary", "vocational", "university"] as const;
export const LANGUAGE_CHOICES = ["none", "japanese", "korean", "chinese", "english", "german"] as const;
export const COUNTRIES = ["japan", "korea", "taiwan", "germany", "australia", "undecided"] as const;
export const PROGRAMMES = ["technical_intern", "ssw", "eps", "contract_labour", "nursing_care", "work_study", "undecided"] as const;
export const DEPARTURE_CHOICES = ["within_3_months", "3_6_months", "6_12_months", "undecided"] as const;
export const PRIORITY_GROUPS = ["poor", "near_poor", "ethnic_minority", "meritorious_family", "land_recovered", "none"] as const;
export const REFERRAL_SOURCES = ["commune_officer", "social_media", "friends_family", "company_school", "media", "other"] as const;
export const OCCUPATION_CHOICES = ["none"] as const;
export const LOAN_AMOUNT_CHOICES = ["50000000", "100000000", "150000000", "200000000", "unknown"] as const;

export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export type Programme = (typeof PROGRAMMES)[number];

/**
 * The programmes that exist for a destination (EPS is Korea's, the technical intern and
 * specified skills programmes are Japan's). Students are always on work-study.
 */
export function programmesFor(country: string, applicantType: ApplicantType): Programme[] {
  if (applicantType === "student") return ["work_study"];
  switch (country) {
    case "japan":
      return ["technical_intern", "ssw", "contract_labour", "undecided"];
    case "korea":
      return ["eps", "contract_labour", "undecided"];
    case "germany":
      return ["nursing_care", "contract_labour", "undecided"];
    default:
      return ["contract_labour", "nursing_care", "undecided"];
  }
}

/** Typed country names people use, folded, to the codes above. */
export const COUNTRY_ALIASES: Record<string, (typeof COUNTRIES)[number]> = {
  nhat: "japan",
  "nhat ban": "japan",
  japan: "japan",
  han: "korea",
  "han quoc": "korea",
  korea: "korea",
  "dai loan": "taiwan",
  taiwan: "taiwan",
  duc: "germany",
  germany: "germany",
  uc: "australia",
  australia: "australia",
  "chua biet": "undecided",
  "chua quyet dinh": "undecided",
};
