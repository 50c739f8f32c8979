import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/bot/core/index.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

// Issue 16, item 7: commands and help, through the whole app as a web-chat visitor.
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

const t = (key: string, params?: Record<string, string | number>) => texts.t("vi", key, params);
const actions = (reply: Reply | undefined) => reply?.buttons?.map((button) => button.action) ?? [];

async function visitor() {
  let sessionId: string | undefined;
  const send = async (input: { text?: string; action?: string }): Promise<Reply[]> => {
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId, ...input }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sessionId: string; replies: Reply[] };
    sessionId = body.sessionId;
    return body.replies;
  };
  await send({});
  return send;
}

describe("commands and help", () => {
  it("says how to stop a form when /huy is typed in one, and leaves the form as it was", async () => {
    const send = await visitor();
    await send({ text: "/dangky" });
    const replies = await send({ text: "/huy" });
    expect(replies.map((reply) => reply.text)).toEqual([t("handoff.notInFlow")]);
    expect(actions(replies[0])).toEqual(["cancel"]);
    expect(replies[0]!.text).not.toContain(t("handoff.nothingOpen"));
    // The form goes on where it was.
    expect((await send({ action: "reg:c:yes" }))[0]!.text).toContain(t("reg.ask.applicantType"));
    // Outside a form, /huy still says there is no conversation with staff.
    await send({ text: "/dung" });
    expect((await send({ text: "/huy" }))[0]!.text).toBe(t("handoff.nothingOpen"));
  });

  it("lists the Vietnamese commands in /help, and keeps the English ones working", async () => {
    const send = await visitor();
    const [help] = await send({ text: "/help" });
    for (const command of ["menu", "dangky", "trangthai", "xoadulieu", "vay", "canbo", "huy", "theodoi", "dung", "ngonngu"]) {
      expect(help!.text).toContain(`/${command} – ${t(`help.command.${command}`)}`);
    }
    expect(help!.text).not.toContain("/cancel");
    expect(help!.text).not.toContain("/language");
    expect((await send({ text: "/trogiup" }))[0]!.text).toBe(help!.text);
    await send({ text: "/vay" });
    expect((await send({ text: "/cancel" }))[0]!.text).toBe(t("cancelled"));
    await send({ text: "/vay" });
    expect((await send({ text: "/dung" }))[0]!.text).toBe(t("cancelled"));
  });

  it("offers to ask an officer after 👎", async () => {
    const send = await visitor();
    const [reply] = await send({ action: "fb:down:loan-collateral" });
    expect(reply!.text).toBe(t("kb.thanksNotHelpful"));
    expect(reply!.buttons![0]).toEqual({ label: t("handoff.menu"), action: "ho:asked" });
    expect((await send({ action: "fb:up:loan-collateral" }))[0]!.buttons ?? []).toEqual([]);
  });

  it("offers to ask an officer when a company is asked about before any list is loaded", async () => {
    const send = await visitor();
    const [reply] = await send({ text: "công ty Sao Việt có giấy phép không?" });
    expect(reply!.text).toContain(t("co.emptyList", { name: "Sao Việt" }));
    expect(reply!.buttons![0]).toEqual({ label: t("handoff.menu"), action: "ho:asked" });
  });
});
