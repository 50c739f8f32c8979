import { api } from "../api.js";
import { formatDateTime, h, mount, select, t, table, toast } from "../dom.js";

/**
 * What the bot could not answer well, grouped; proposals that a question is another phrasing
 * of an entry (approved by an administrator into the content); feedback; reloading content.
 */
export async function render(container, context) {
  const isAdmin = context.user.role === "admin";
  const groups = h("div");
  const proposals = h("div");
  const feedback = h("div");
  const days = select("days", [["7", t("kb.days", { days: 7 })], ["30", t("kb.days", { days: 30 })], ["90", t("kb.days", { days: 90 })]], "90", { "aria-label": t("kb.period") });
  days.addEventListener("change", loadGroups);
  const entriesResponse = await api("GET", "/api/admin/knowledge/entries");
  const entries = entriesResponse.ok ? entriesResponse.body.entries : [];
  mount(
    container,
    h("h1", {}, t("nav.knowledge")),
    h("h2", {}, t("kb.unanswered")),
    h("p", { class: "hint" }, t("kb.unansweredHint")),
    h("div", { class: "filters" }, days),
    groups,
    isAdmin ? [h("h2", {}, t("kb.proposals")), proposals] : null,
    h("h2", {}, t("kb.feedback")),
    feedback,
    isAdmin ? [h("h2", {}, t("kb.content")), h("p", {}, t("kb.reloadHint")), h("button", { type: "button", onclick: reload }, t("kb.reload"))] : null,
  );
  await Promise.all([loadGroups(), isAdmin ? loadProposals() : null, loadFeedback()]);

  async function loadGroups() {
    const response = await api("GET", `/api/admin/knowledge/questions?days=${days.value}`);
    if (!response.ok) return;
    const canHandle = context.user.role !== "commune";
    mount(
      groups,
      table(
        [
          [t("kb.count"), (group) => String(group.count)],
          [t("kb.examples"), (group) => h("ul", { class: "examples" }, group.examples.map((example) => h("li", {}, example)))],
          [t("kb.outcomes"), (group) => Object.entries(group.outcomes).map(([outcome, count]) => `${t(`kb.outcome.${outcome}`)}: ${count}`).join(", ")],
          [t("kb.lastSeen"), (group) => formatDateTime(group.lastSeen)],
          [t("kb.suggested"), (group) => (group.suggestedEntry ? group.suggestedEntry.title ?? group.suggestedEntry.id : "—")],
          ["", (group) => h("div", { class: "actions" }, proposeForm(group), canHandle ? h("button", { type: "button", onclick: () => markHandled(group) }, t("kb.markHandled")) : null)],
        ],
        response.body.groups,
        { empty: t("kb.noUnanswered") },
      ),
    );
  }

  function proposeForm(group) {
    const question = select("question", group.examples.map((example) => [example, example]), group.examples[0], { "aria-label": t("kb.whichQuestion") });
    const entry = select("entryId", [["", t("kb.pickEntry")], ...entries.map((item) => [item.id, item.title])], group.suggestedEntry?.id ?? "", { "aria-label": t("kb.whichEntry") });
    return h(
      "form",
      {
        class: "propose",
        onsubmit: async (event) => {
          event.preventDefault();
          if (!entry.value) return toast(t("kb.pickEntry"), "error");
          const response = await api("POST", "/api/admin/knowledge/proposals", { question: question.value, entryId: entry.value });
          if (response.ok) {
            toast(t("kb.proposed"));
            if (isAdmin) await loadProposals();
          }
        },
      },
      question,
      entry,
      h("button", { type: "submit" }, t("kb.propose")),
    );
  }

  async function markHandled(group) {
    const response = await api("POST", "/api/admin/knowledge/questions/handled", { keys: group.keys });
    if (response.ok) {
      toast(t("kb.handled", { count: response.body.handled }));
      await loadGroups();
    }
  }

  async function loadProposals() {
    const response = await api("GET", "/api/admin/knowledge/proposals?status=pending");
    if (!response.ok) return;
    mount(
      proposals,
      table(
        [
          [t("kb.question"), (proposal) => proposal.question],
          [t("kb.entry"), (proposal) => proposal.entryTitle ?? proposal.entryId],
          [t("kb.proposedBy"), (proposal) => `${proposal.proposedBy} · ${formatDateTime(proposal.createdAt)}`],
          [
            "",
            (proposal) =>
              h(
                "div",
                { class: "actions" },
                h("button", { type: "button", class: "primary", onclick: () => decide(proposal, "approve") }, t("kb.approve")),
                h("button", { type: "button", onclick: () => decide(proposal, "reject") }, t("kb.reject")),
              ),
          ],
        ],
        response.body.proposals,
        { empty: t("kb.noProposals") },
      ),
    );
  }

  async function decide(proposal, decision) {
    const response = await api("POST", `/api/admin/knowledge/proposals/${proposal.id}/${decision}`, undefined, { quiet: true });
    if (response.ok) toast(decision === "approve" ? t("kb.approved", { file: response.body.file ?? "" }) : t("kb.rejected"));
    else if (response.status === 422) toast(`${t("error.unprocessable")} ${response.body.problems.join("; ")}`, "error");
    else toast(response.body?.error ?? t("error.generic"), "error");
    await loadProposals();
  }

  async function loadFeedback() {
    const response = await api("GET", "/api/admin/knowledge/feedback");
    if (!response.ok) return;
    mount(
      feedback,
      table(
        [
          [t("kb.entry"), (row) => row.title ?? row.entryId],
          ["👍", (row) => String(row.helpful)],
          ["👎", (row) => String(row.notHelpful)],
          [t("kb.ratio"), (row) => `${Math.round(row.ratio * 100)}%`],
        ],
        response.body.entries,
        { empty: t("kb.noFeedback") },
      ),
    );
  }

  async function reload() {
    const response = await api("POST", "/api/admin/knowledge/reload", undefined, { quiet: true });
    if (response.ok) toast(t("kb.reloaded", { count: response.body.entries }));
    else if (response.status === 422) toast(`${t("error.unprocessable")} ${response.body.problems.join("; ")}`, "error");
    else toast(t("error.generic"), "error");
  }
}
