// The web chat page: a thin client of POST /api/chat. All text comes from the server.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var offlineText = document.getElementById("offline-text").innerHTML;
  var sourcesLabel = document.getElementById("sources-label").innerHTML;
  var sessionKey = "xkld-chat-session";
  var sessionId = localStorage.getItem(sessionKey) || undefined;
  // Staff replies of a handoff: the page has no push, so it asks every few seconds while one is open.
  var seenKey = "xkld-chat-staff-seen";
  var pollMs = 5000;
  var pollTimer;

  function bubble(kind, text) {
    var div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    log.appendChild(div);
    return div;
  }

  function showReply(reply) {
    var div = bubble("bot", reply.text);
    if (reply.sources && reply.sources.length) {
      var line = document.createElement("span");
      line.className = "sources";
      line.appendChild(document.createTextNode(sourcesLabel + ": "));
      reply.sources.forEach(function (source, index) {
        if (index) line.appendChild(document.createTextNode("; "));
        var label = [source.document, source.article].filter(Boolean).join(", ");
        if (source.url && /^https?:\/\//.test(source.url)) {
          var a = document.createElement("a");
          a.href = source.url; a.target = "_blank"; a.rel = "noopener noreferrer"; a.textContent = label;
          line.appendChild(a);
        } else {
          line.appendChild(document.createTextNode(label));
        }
      });
      div.appendChild(line);
    }
    if (reply.buttons && reply.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      reply.buttons.forEach(function (button) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = button.label;
        b.addEventListener("click", function () { send({ action: button.action }, button.label); });
        row.appendChild(b);
      });
      log.appendChild(row);
    }
  }

  function send(payload, shown) {
    if (shown) bubble("user", shown);
    if (sessionId) payload.sessionId = sessionId;
    return fetch("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) })
      // Refusals and outages (429, 503) carry a polite reply of their own: show it.
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok && !(body && body.replies)) throw new Error(String(response.status));
          return body;
        });
      })
      .then(function (body) {
        if (body.sessionId) {
          sessionId = body.sessionId;
          localStorage.setItem(sessionKey, sessionId);
        }
        body.replies.forEach(showReply);
      })
      .catch(function () { bubble("error", offlineText); })
      .then(function () { log.scrollTop = log.scrollHeight; })
      .then(checkStaffReplies);
  }

  function checkStaffReplies() {
    clearTimeout(pollTimer);
    if (!sessionId) return;
    var after = Number(localStorage.getItem(seenKey)) || 0;
    fetch("/api/chat/updates?sessionId=" + encodeURIComponent(sessionId) + "&after=" + after)
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (body) {
        body.messages.forEach(function (message) {
          bubble("bot staff", message.text);
          localStorage.setItem(seenKey, String(message.id));
        });
        if (body.messages.length) log.scrollTop = log.scrollHeight;
        if (body.handoffOpen) pollTimer = setTimeout(checkStaffReplies, pollMs);
      })
      .catch(function () { pollTimer = setTimeout(checkStaffReplies, pollMs * 6); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text: text }, text);
  });

  send(sessionId ? { text: "/menu" } : {});
})();
