import { done, REGISTRATION_FLOW_ID, startFlowAction, type HandlerReplies, type Reply, type Turn } from "../../core/index.js";
import { COUNTRIES, formatDate, vietnamToday, type RegistrationView } from "../../../registrations/index.js";
import { rightsActions } from "./actions.js";
import { ownerOf } from "./form.js";
import type { RegistrationDeps } from "./registration-data.js";

/** The person's rights over what they registered: see it (/trangthai), withdraw it, erase everything (/xoadulieu). */
export function createRights(deps: RegistrationDeps) {
  const { service, localities, logger, afterErase } = deps;

  async function status(turn: Turn): Promise<Reply[]> {
    const registrations = await service.listMine(ownerOf(turn));
    if (registrations.length === 0) {
      const draft = await service.drafts.load(ownerOf(turn));
      return [
        {
          text: turn.t(draft ? "reg.status.noneWithDraft" : "reg.status.none"),
          buttons: [
            { label: turn.t("reg.menu"), action: startFlowAction(REGISTRATION_FLOW_ID) },
            { label: turn.t("menu.back"), action: "menu" },
          ],
        },
      ];
    }
    const outcomes = await Promise.all(
      registrations.map((registration) => deps.outcomeLines?.(registration.referenceCode, turn.state.locale) ?? Promise.resolve([])),
    );
    return [
      ...registrations.map((registration, index) => ({
        text: [statusText(turn, registration), ...(outcomes[index] ?? []).map((line) => `• ${line}`)].join("\n"),
        ...(registration.active
          ? { buttons: [{ label: turn.t("reg.button.withdraw"), action: rightsActions.pack("wd", { code: registration.referenceCode }) }] }
          : {}),
      })),
      {
        text: turn.t("reg.status.rights"),
        buttons: [
          { label: turn.t("reg.button.erase"), action: rightsActions.pack("erase") },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ];
  }

  function statusText(turn: Turn, registration: RegistrationView): string {
    const province = localities.byCode(registration.provinceCode)?.name ?? registration.provinceCode;
    return turn.t("reg.status.item", {
      code: registration.referenceCode,
      status: turn.t(`reg.choice.status.${registration.status}`),
      date: formatDate(vietnamToday(registration.createdAt)),
      name: registration.fullName,
      citizenId: registration.maskedCitizenId,
      phone: registration.maskedPhone,
      place: [registration.communeName, province].filter(Boolean).join(", "),
      country: (COUNTRIES as readonly string[]).includes(registration.desiredCountry)
        ? turn.t(`reg.choice.country.${registration.desiredCountry}`)
        : registration.desiredCountry,
      programme: turn.t(`reg.choice.programme.${registration.programme}`),
    });
  }

  function askWithdraw(turn: Turn, code: string): Reply[] {
    return [
      {
        text: turn.t("reg.withdraw.confirm", { code }),
        buttons: [
          { label: turn.t("reg.button.withdrawYes"), action: rightsActions.pack("wdy", { code }) },
          { label: turn.t("reg.button.keep"), action: "menu" },
        ],
      },
    ];
  }

  async function withdraw(turn: Turn, code: string): Promise<Reply[]> {
    const done = await service.withdraw(code, ownerOf(turn));
    if (done) logger.info({ referenceCode: code, channel: turn.message.channel }, "registration withdrawn by the person");
    return [turn.menu(done ? "reg.withdraw.done" : "reg.withdraw.notPossible")];
  }

  function askErase(turn: Turn): Reply[] {
    return [
      {
        text: turn.t("reg.erase.confirm"),
        buttons: [
          { label: turn.t("reg.button.eraseYes"), action: rightsActions.pack("erase-yes") },
          { label: turn.t("reg.button.keep"), action: "menu" },
        ],
      },
    ];
  }

  async function erase(turn: Turn): Promise<HandlerReplies> {
    const count = await service.erasePersonalData(ownerOf(turn));
    // The conversation keeps only its language: the flow (with sealed answers), the last
    // questions, the topic and the province go with the rest.
    turn.state.recent = [];
    turn.state.topic = null;
    turn.state.province = null;
    await afterErase?.(ownerOf(turn));
    logger.info({ channel: turn.message.channel, registrations: count }, "personal data erased at the person's request");
    return done([turn.menu(count > 0 ? "reg.erase.done" : "reg.erase.nothing")]);
  }

  /** The `regme:…` buttons, which work in the middle of any form. */
  async function handle(turn: Turn, argument: string): Promise<HandlerReplies> {
    const action = rightsActions.unpack(argument);
    switch (action?.kind) {
      case "status":
        return status(turn);
      case "wd":
        return askWithdraw(turn, action.code);
      case "wdy":
        return withdraw(turn, action.code);
      case "erase":
        return askErase(turn);
      case "erase-yes":
        return erase(turn);
      default:
        return [turn.menu()];
    }
  }

  return { status, askErase, handle };
}
