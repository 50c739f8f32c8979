import { companyNameAsked, type Company, type CompanyDirectory, type CompanyLookup, type CompanyNames } from "../../companies/index.js";
import { z } from "zod";
import { ASK_STAFF_AFTER_QUESTION, tupleActionCodec, type Feature, type Turn, type TurnResult } from "../core/index.js";
import type { Reply } from "../core/index.js";

/** `company:<id>`: one licensed company of the directory. */
const companyActions = tupleActionCodec("company", {
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});
const BUTTON_NAME_LENGTH = 60;

/**
 * "Công ty X có giấy phép không?" answered from the list staff keep: licensed, revoked, or
 * not on our list. Every answer carries the date of the list and how to verify officially,
 * because the list is a copy that can be out of date. A company missing from it is never
 * called a fraud: the list may simply not have it.
 */
export function createCompanyCheckFeature(options: { directory: CompanyDirectory; names: CompanyNames }) {
  const { directory, names } = options;

  /** undefined when the question is not about one company's licence. */
  async function answerQuestion(turn: Turn, question: string): Promise<TurnResult | undefined> {
    const name = companyNameAsked(question, names);
    if (!name) return undefined;
    const lookup = await directory.findByName(name);
    return { replies: [replyFor(turn, lookup, name)], outcome: { kind: "company", sources: [] } };
  }

  function replyFor(turn: Turn, lookup: CompanyLookup, name: string): Reply {
    switch (lookup.kind) {
      case "found":
        return companyReply(turn, lookup.company);
      case "several":
        return {
          text: turn.t("co.several", { name }),
          buttons: [
            ...lookup.companies.map((company) => ({
              label: turn.t(`co.choice.${company.status}`, { name: shorten(company.name) }),
              action: companyActions.pack({ id: String(company.id) }),
            })),
            backButton(turn),
          ],
        };
      case "not-found":
        return withAdvice(turn, turn.t("co.notFound", { name, date: displayDate(lookup.listDate) }), false);
      case "empty-list": {
        // No list loaded yet: the bot cannot tell, staff can.
        const reply = withAdvice(turn, turn.t("co.emptyList", { name }), false);
        return { ...reply, buttons: [{ label: turn.t("handoff.menu"), action: ASK_STAFF_AFTER_QUESTION }, ...(reply.buttons ?? [])] };
      }
    }
  }

  function companyReply(turn: Turn, company: Company): Reply {
    const params = { name: company.name, date: displayDate(company.listDate), licence: company.licenceNumber ?? "" };
    const key = company.status === "revoked" ? "co.revoked" : company.licenceNumber ? "co.licensed" : "co.licensedWithoutNumber";
    return withAdvice(turn, turn.t(key, params), true);
  }

  function withAdvice(turn: Turn, text: string, warnings: boolean): Reply {
    const parts = [text, turn.t("co.verify"), ...(warnings ? [turn.t("co.warnings")] : [])];
    return { text: parts.join("\n\n"), buttons: [backButton(turn)] };
  }

  const feature: Feature = {
    actions: {
      // A choice among several companies with similar names.
      async [companyActions.prefix](turn, argument) {
        const id = companyActions.unpack(argument)?.id;
        const company = id === undefined ? undefined : await directory.get(id);
        return company ? [companyReply(turn, company)] : [turn.menu()];
      },
    },
  };
  return { feature, answerQuestion };
}

function backButton(turn: Turn) {
  return { label: turn.t("menu.back"), action: "menu" };
}

function shorten(name: string): string {
  return name.length > BUTTON_NAME_LENGTH ? `${name.slice(0, BUTTON_NAME_LENGTH - 1)}…` : name;
}

function displayDate(isoDay: string): string {
  const [year, month, day] = isoDay.split("-");
  return `${day}/${month}/${year}`;
}
