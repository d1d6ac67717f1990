// "Analyse a text": post to the API, poll the job, link to the result. Text is only ever set as text.
(function () {
  "use strict";
  var form = document.getElementById("analyze-form");
  var status = document.getElementById("analyze-status");
  if (!form) { return; }

  function show(message, progress) {
    status.textContent = "";
    var line = document.createElement("span");
    line.textContent = message;
    status.appendChild(line);
    if (progress !== undefined) {
      var bar = document.createElement("progress");
      bar.max = 1; bar.value = progress;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(bar);
    }
  }

  function errorText(body, fallback) {
    if (body && typeof body.detail === "string") { return body.detail; }
    if (body && Array.isArray(body.detail)) {
      return body.detail.map(function (d) { return (d.loc || []).join(".") + ": " + d.msg; }).join("; ");
    }
    return fallback;
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (b) { return [r, b]; }); })
      .then(function (rb) {
        var r = rb[0], job = rb[1];
        if (!r.ok) { show("Error: " + errorText(job, r.statusText)); return; }
        if (job.status === "done") {
          status.textContent = "Done: ";
          var link = document.createElement("a");
          link.href = job.href;  // built by the server from the stored id, url-quoted
          link.textContent = "open the analysed document";
          status.appendChild(link);
          return;
        }
        if (job.status === "failed") { show("Failed: " + (job.error || "unknown error")); return; }
        show(job.stage + "…", job.progress);
        setTimeout(function () { poll(url); }, 700);
      })
      .catch(function () { show("The server did not answer; is slant serve still running?"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var body = {};
    ["text", "title", "outlet", "published", "id"].forEach(function (k) {
      var v = (data.get(k) || "").toString();
      if (k === "text" ? v.trim() : v) { body[k] = v; }
    });
    if (!body.text) { show("Paste a text first."); return; }
    if (body.text.length > parseInt(form.dataset.max, 10)) { show("The text is too long."); return; }
    show("Sending…", 0);
    fetch("/api/analyze", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json().then(function (b) { return [r, b]; }); })
      .then(function (rb) {
        if (!rb[0].ok) { show("Error: " + errorText(rb[1], rb[0].statusText)); return; }
        poll(rb[1].status_url);
      })
      .catch(function () { show("The server did not answer."); });
  });
})();
