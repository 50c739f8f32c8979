// The web chat page: a thin client of POST /api/chat. All text comes from the server.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var offlineText = document.getElementById("offline-text").innerHTML;
  var sourcesLabel = document.getElementById("sources-label").innerHTML;
  var resumedText = document.getElementById("resumed-text").innerHTML;
  var sessionKey = "xkld-chat-session";
  var sessionId = localStorage.getItem(sessionKey) || undefined;
  // Staff replies of a handoff: the page has no push, so it asks every few seconds while one is open.
  var seenKey = "xkld-chat-staff-seen";
  var pollMs = 5000;
  var pollTimer;
  // The transcript survives a reload but not the closing of the tab (sessionStorage): the form
  // asks for a citizen ID and a phone number, which must not stay on a shared phone.
  var transcriptLimit = 200;

  function transcriptKey() { return "xkld-chat-transcript:" + sessionId; }

  function readTranscript() {
    if (!sessionId) return [];
    try {
      var stored = JSON.parse(sessionStorage.getItem(transcriptKey()) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return [];
    }
  }

  function remember(entry) {
    if (!sessionId) return;
    var transcript = readTranscript();
    transcript.push(entry);
    try {
      sessionStorage.setItem(transcriptKey(), JSON.stringify(transcript.slice(-transcriptLimit)));
    } catch (error) {
      // Storage full or refused (private mode): the chat goes on without a transcript.
    }
  }

  // Web addresses in the bot's text (a Telegram or Zalo link, an office's page) can be opened;
  // everything else stays text, never HTML.
  function fillText(div, text) {
    String(text).split(/(https:\/\/[^\s<>"]+[^\s<>".,;:!?)])/).forEach(function (part, index) {
      if (index % 2) {
        var a = document.createElement("a");
        a.href = part; a.target = "_blank"; a.rel = "noopener noreferrer"; a.textContent = part;
        div.appendChild(a);
      } else if (part) {
        div.appendChild(document.createTextNode(part));
      }
    });
  }

  function bubble(kind, text) {
    var div = document.createElement("div");
    div.className = "msg " + kind;
    if (kind === "user") div.textContent = text;
    else fillText(div, text);
    log.appendChild(div);
    return div;
  }

  function showSources(div, sources) {
    var line = document.createElement("span");
    line.className = "sources";
    var label = document.createElement("b");
    label.textContent = sourcesLabel + ": ";
    line.appendChild(label);
    sources.forEach(function (source, index) {
      if (index) line.appendChild(document.createTextNode("; "));
      var name = [source.document, source.article].filter(Boolean).join(", ");
      if (source.url && /^https?:\/\//.test(source.url)) {
        var a = document.createElement("a");
        a.href = source.url; a.target = "_blank"; a.rel = "noopener noreferrer"; a.textContent = name;
        line.appendChild(a);
      } else {
        line.appendChild(document.createTextNode(name));
      }
    });
    div.appendChild(line);
  }

  // Follow-up questions, 👍/👎 and the way back to the menu are different things to do: each
  // gets its own group so that on a wide screen they do not read as one row of choices.
  function groupOf(action) {
    if (/^fb:/.test(action)) return "feedback";
    if (action === "menu") return "nav";
    return "choices";
  }

  function showButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    var groups = {};
    ["choices", "feedback", "nav"].forEach(function (name) {
      groups[name] = document.createElement("div");
      groups[name].className = "group " + name;
    });
    buttons.forEach(function (button) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = button.label;
      b.addEventListener("click", function () { send({ action: button.action }, button.label); });
      groups[groupOf(button.action)].appendChild(b);
    });
    ["choices", "feedback", "nav"].forEach(function (name) {
      if (groups[name].childNodes.length) row.appendChild(groups[name]);
    });
    log.appendChild(row);
  }

  function showReply(reply, withButtons) {
    var div = bubble("bot", reply.text);
    if (reply.sources && reply.sources.length) showSources(div, reply.sources);
    if (withButtons && reply.buttons && reply.buttons.length) showButtons(reply.buttons);
    return div;
  }

  // A long answer is read from its top: scroll there rather than to its end, which would leave
  // the beginning above the screen.
  function reveal(first) {
    if (first && log.scrollHeight - first.offsetTop > log.clientHeight) {
      log.scrollTop = first.offsetTop - log.offsetTop - 8;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  }

  // The conversation so far, without its buttons: they are shown once, under the last answer.
  function replay(transcript) {
    transcript.forEach(function (entry) {
      if (entry.kind === "bot") showReply(entry.reply, false);
      else bubble(entry.kind, entry.text);
    });
    log.scrollTop = log.scrollHeight;
  }

  function lastButtons(transcript) {
    for (var i = transcript.length - 1; i >= 0; i--) {
      var entry = transcript[i];
      if (entry.kind === "user") return [];
      if (entry.kind === "bot" && entry.reply.buttons && entry.reply.buttons.length) return entry.reply.buttons;
    }
    return [];
  }

  function post(payload) {
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
        if (body.sessionId && body.sessionId !== sessionId) {
          sessionId = body.sessionId;
          localStorage.setItem(sessionKey, sessionId);
        }
        return body;
      });
  }

  function showReplies(replies) {
    var first;
    replies.forEach(function (reply) {
      var div = showReply(reply, true);
      first = first || div;
      remember({ kind: "bot", reply: reply });
    });
    return first;
  }

  function send(payload, shown) {
    if (shown) {
      bubble("user", shown);
      remember({ kind: "user", text: shown });
    }
    return post(payload)
      .then(function (body) { reveal(showReplies(body.replies)); })
      .catch(function () { bubble("error", offlineText); log.scrollTop = log.scrollHeight; })
      .then(checkStaffReplies);
  }

  // After a reload: the conversation so far from this tab, then the question a form is waiting
  // on asked again (the server knows the step; the page only says "go on").
  function resume() {
    var transcript = readTranscript();
    replay(transcript);
    return post({ resume: true })
      .then(function (body) {
        if (transcript.length && !body.flow) {
          // Nothing waits for an answer: the last answer's choices are still valid.
          var buttons = lastButtons(transcript);
          if (buttons.length) showButtons(buttons);
          log.scrollTop = log.scrollHeight;
          return;
        }
        if (transcript.length) {
          var divider = document.createElement("div");
          divider.className = "divider";
          divider.textContent = resumedText;
          log.appendChild(divider);
        }
        reveal(showReplies(body.replies));
      })
      .catch(function () { bubble("error", offlineText); })
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
          remember({ kind: "bot staff", text: message.text });
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

  if (sessionId) resume();
  else send({});
})();
