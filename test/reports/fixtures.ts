import type { Application } from "../../src/app/index.js";
import type { OutcomeInput, RegistrationStatus } from "../../src/registrations/index.js";
import { registrationInput } from "../registrations/fixtures.js";

/** What the test did to one person: the ledger the expected figures are counted from. */
export interface Person {
  id: string;
  referenceCode: string;
  province: string;
  communeName: string;
  communeKey: string;
  applicantType: "worker" | "student";
  registeredOn: string;
  /** Days of the status changes the test made. */
  moves: { status: RegistrationStatus; on: string }[];
  /** Outcomes recorded, with the amounts as resolved (an approval's amount always given). */
  outcomes: {
    kind: OutcomeInput["kind"];
    on: string;
    amountVnd?: number;
    loanProgramme?: string;
    capitalLine?: string;
    country?: string;
    returnKind?: string;
    returnReason?: string;
  }[];
}

export interface Commune {
  name: string;
  key: string;
}

// The last day the generator writes anything: never in the future, whenever the test runs.
const LAST_DAY = "2026-12-01";

/** A seeded generator, so that a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    chance: (probability: number) => next() < probability,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

let citizenCounter = 0;
/** A citizen ID of a man (or woman) born in 1995, unique in the run. */
function citizenId(gender: "male" | "female"): string {
  citizenCounter++;
  return `092${gender === "male" ? "0" : "1"}95${String(citizenCounter).padStart(6, "0")}`;
}

/**
 * Registers `count` people in a province, spread over [from, to], and takes each along a
 * seeded path: contacted, eligible or rejected, a loan (applied, approved or refused, paid out
 * in one or two tranches, from the central or local line), support, departure (recorded, or
 * only by a status change), an early or timely return. Everything goes through the product's
 * own services; only the days of status changes are moved back, as staff made them then.
 */
export async function registerPeople(
  app: Application,
  spec: {
    seed: number;
    count: number;
    province: string;
    communes: Commune[];
    from: string;
    to: string;
    countries: readonly ("japan" | "korea" | "taiwan" | "germany")[];
  },
): Promise<Person[]> {
  const rng = random(spec.seed);
  const span = Math.round((Date.parse(spec.to) - Date.parse(spec.from)) / 86_400_000);
  const people: Person[] = [];
  for (let index = 0; index < spec.count; index++) {
    const commune = rng.pick(spec.communes);
    const applicantType = rng.chance(0.25) ? "student" : "worker";
    const country = rng.pick(spec.countries);
    const programme = applicantType === "student" ? "work_study" : country === "korea" ? "eps" : country === "japan" ? "technical_intern" : "contract_labour";
    const gender = rng.chance(0.5) ? "male" : "female";
    const registeredOn = addDays(spec.from, rng.between(0, span));
    const submitted = await app.registrations.service.submit(
      registrationInput({
        applicantType,
        gender,
        citizenId: citizenId(gender),
        provinceCode: spec.province,
        communeName: commune.name,
        communeKey: commune.key,
        desiredCountry: country,
        programme,
        consentAt: new Date(`${registeredOn}T03:00:00Z`),
      }),
      { channel: "web", userId: `report-${spec.seed}-${index}` },
    );
    if (submitted.kind !== "created") throw new Error(`could not register person ${index}`);
    const { id } = await app.database.prisma.registration.update({
      where: { referenceCode: submitted.referenceCode },
      data: { createdAt: instant(registeredOn) },
    });
    await app.database.prisma.registrationEvent.updateMany({ where: { registrationId: id }, data: { createdAt: instant(registeredOn) } });
    const person: Person = {
      id,
      referenceCode: submitted.referenceCode,
      province: spec.province,
      communeName: commune.name,
      communeKey: commune.key,
      applicantType,
      registeredOn,
      moves: [],
      outcomes: [],
    };
    people.push(person);
    await takeAlong(app, person, { rng, country });
  }
  return people;
}

async function takeAlong(app: Application, person: Person, context: { rng: ReturnType<typeof random>; country: string }) {
  const { rng } = context;
  const move = async (status: RegistrationStatus, on: string) => {
    await app.registrations.service.changeStatus(person.referenceCode, status, { actor: "staff:test" });
    const last = await app.database.prisma.registrationEvent.findFirstOrThrow({ where: { registrationId: person.id }, orderBy: { id: "desc" } });
    await app.database.prisma.registrationEvent.update({ where: { id: last.id }, data: { createdAt: instant(on) } });
    person.moves.push({ status, on });
  };
  const record = async (input: OutcomeInput, resolved: Partial<Person["outcomes"][number]> = {}) => {
    const result = await app.registrations.outcomes.record(person.id, input, { scope: {}, actor: "staff:test" });
    if (result.kind !== "recorded") throw new Error(`outcome refused: ${JSON.stringify(input)} ${JSON.stringify(result)}`);
    person.outcomes.push({
      kind: input.kind,
      on: input.occurredOn,
      ...("amountVnd" in input && input.amountVnd !== undefined ? { amountVnd: input.amountVnd } : {}),
      ...resolved,
    });
  };
  const before = (day: string) => day <= LAST_DAY;

  if (rng.chance(0.1)) {
    const on = addDays(person.registeredOn, rng.between(1, 10));
    if (before(on)) await move("rejected", on);
    return;
  }
  if (!rng.chance(0.8)) return;
  let day = addDays(person.registeredOn, rng.between(1, 15));
  if (!before(day)) return;
  await move("contacted", day);
  if (!rng.chance(0.75)) return;
  day = addDays(day, rng.between(2, 20));
  if (!before(day)) return;
  await move("eligible", day);

  let readyOn = day;
  if (rng.chance(0.65)) {
    const loanProgramme = rng.pick(["national", "national", "national", "eps_deposit", "local"] as const);
    const applied =
      loanProgramme === "eps_deposit" ? rng.pick([60_000_000, 80_000_000, 100_000_000]) : rng.pick([50_000_000, 100_000_000, 120_000_000, 150_000_000]);
    day = addDays(day, rng.between(1, 10));
    if (!before(day)) return;
    await record({ kind: "loan_applied", occurredOn: day, amountVnd: applied, loanProgramme }, { loanProgramme });
    day = addDays(day, rng.between(3, 12));
    if (!before(day)) return;
    if (rng.chance(0.15)) {
      await record({ kind: "loan_refused", occurredOn: day }, { loanProgramme });
    } else {
      // Sometimes less than asked; sometimes no amount given (approved as applied for).
      const approved = rng.chance(0.3) ? applied - 20_000_000 : applied;
      await record(
        approved === applied && rng.chance(0.5) ? { kind: "loan_approved", occurredOn: day } : { kind: "loan_approved", occurredOn: day, amountVnd: approved },
        { amountVnd: approved, loanProgramme },
      );
      const defaultLine = loanProgramme === "local" ? "local" : "central";
      const capitalLine = loanProgramme === "national" && rng.chance(0.3) ? "local" : defaultLine;
      const tranches = rng.chance(0.3) ? [approved / 2, approved / 2] : rng.chance(0.2) ? [approved / 2] : [approved];
      for (const amount of tranches) {
        day = addDays(day, rng.between(2, 8));
        if (!before(day)) return;
        await record(
          capitalLine === defaultLine
            ? { kind: "loan_disbursed", occurredOn: day, amountVnd: amount }
            : { kind: "loan_disbursed", occurredOn: day, amountVnd: amount, capitalLine: "local" },
          { loanProgramme, capitalLine },
        );
      }
      readyOn = day;
    }
  }
  if (rng.chance(0.3)) {
    const on = addDays(readyOn, rng.between(0, 5));
    if (before(on)) await record({ kind: "support_paid", occurredOn: on, amountVnd: rng.pick([1_000_000, 1_500_000, 2_000_000]), supportKind: "initial_cost" });
  }
  if (!rng.chance(0.6)) return;
  day = addDays(readyOn, rng.between(10, 60));
  if (!before(day)) return;
  if (rng.chance(0.15)) {
    // Staff only moved the status: the report counts the departure without its details.
    await move("departed", day);
    return;
  }
  await record(
    { kind: "departed", occurredOn: day, country: context.country as "japan", ...(rng.chance(0.5) ? { companyName: "Công ty TNHH Nhân Lực Thử Nghiệm" } : {}) },
    { country: context.country },
  );
  if (rng.chance(0.25)) {
    day = addDays(day, rng.between(20, 200));
    if (!before(day)) return;
    if (rng.chance(0.7)) {
      const returnReason = rng.pick(["health", "employer_ended", "family"] as const);
      await record({ kind: "returned", occurredOn: day, returnKind: "early", returnReason }, { returnKind: "early", returnReason });
    } else await record({ kind: "returned", occurredOn: day, returnKind: "at_term" }, { returnKind: "at_term" });
  }
}

function instant(day: string): Date {
  return new Date(`${day}T03:00:00Z`);
}

/** A figure split as the reports split it. */
export interface Split {
  worker: number;
  student: number;
  total: number;
}

/**
 * The figures of a report, counted straight from the ledger: what was done to whom and when.
 * Written from the definitions in the report's own "Cách tính" notes, not from the product's code.
 */
export function expectedFigures(people: Person[], query: { province: string; communeKey?: string; from: string; to: string }) {
  const mine = people.filter((person) => person.province === query.province && (query.communeKey === undefined || person.communeKey === query.communeKey));
  const inPeriod = (day: string | null | undefined): boolean => !!day && day >= query.from && day <= query.to;
  const split = (count: (person: Person) => number): Split => {
    const worker = mine.filter((person) => person.applicantType === "worker").reduce((sum, person) => sum + count(person), 0);
    const student = mine.filter((person) => person.applicantType === "student").reduce((sum, person) => sum + count(person), 0);
    return { worker, student, total: worker + student };
  };
  const firstMove = (person: Person, statuses: RegistrationStatus[]) => person.moves.find((move) => statuses.includes(move.status))?.on ?? null;
  const events = (person: Person, kind: string) => person.outcomes.filter((outcome) => outcome.kind === kind && inPeriod(outcome.on));
  const sum = (items: { amountVnd?: number }[]) => items.reduce((total, item) => total + (item.amountVnd ?? 0), 0);
  const statusOnlyDeparture = (person: Person) => (person.outcomes.some((outcome) => outcome.kind === "departed") ? null : firstMove(person, ["departed"]));
  return {
    registered: split((person) => (inPeriod(person.registeredOn) ? 1 : 0)),
    contacted: split((person) => (inPeriod(firstMove(person, ["contacted", "eligible", "departed", "rejected"])) ? 1 : 0)),
    eligible: split((person) => (inPeriod(firstMove(person, ["eligible", "departed"])) ? 1 : 0)),
    loanApplied: split((person) => events(person, "loan_applied").length),
    loanAppliedVnd: split((person) => sum(events(person, "loan_applied"))),
    loanApproved: split((person) => events(person, "loan_approved").length),
    loanApprovedVnd: split((person) => sum(events(person, "loan_approved"))),
    loanRefused: split((person) => events(person, "loan_refused").length),
    loanDisbursedPeople: split((person) => (events(person, "loan_disbursed").length > 0 ? 1 : 0)),
    loanDisbursedVnd: split((person) => sum(events(person, "loan_disbursed"))),
    supportPaidPeople: split((person) => (events(person, "support_paid").length > 0 ? 1 : 0)),
    supportPaidVnd: split((person) => sum(events(person, "support_paid"))),
    departed: split((person) => events(person, "departed").length + (inPeriod(statusOnlyDeparture(person)) ? 1 : 0)),
    departedUnrecorded: split((person) => (inPeriod(statusOnlyDeparture(person)) ? 1 : 0)),
    returnedEarly: split((person) => events(person, "returned").filter((outcome) => outcome.returnKind === "early").length),
    returnedAtTerm: split((person) => events(person, "returned").filter((outcome) => outcome.returnKind === "at_term").length),
    departedByCountry: (country: string) => split((person) => events(person, "departed").filter((outcome) => outcome.country === country).length),
    disbursedByLine: (line: string) => sum(mine.flatMap((person) => events(person, "loan_disbursed").filter((outcome) => outcome.capitalLine === line))),
    departuresSince: (from: string) =>
      mine.reduce(
        (total, person) =>
          total +
          person.outcomes.filter((outcome) => outcome.kind === "departed" && outcome.on >= from && outcome.on <= query.to).length +
          (statusOnlyDeparture(person) && statusOnlyDeparture(person)! >= from && statusOnlyDeparture(person)! <= query.to ? 1 : 0),
        0,
      ),
    disbursedSince: (from: string, line?: string) =>
      sum(
        mine.flatMap((person) =>
          person.outcomes.filter(
            (outcome) =>
              outcome.kind === "loan_disbursed" && outcome.on >= from && outcome.on <= query.to && (line === undefined || outcome.capitalLine === line),
          ),
        ),
      ),
  };
}
