// "Analyse a text": post to the API, poll the job, link to the result. Text is only ever set as text.
(function () {
  "use strict";
  var form = document.getElementById("analyze-form");
  var status = document.getElementById("analyze-status");
  setUpUploads();
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
        if (job.status === "done" && job.kept === false) {
          location.href = job.href;  // the trial's page: /try/<job id>, built by the server
          return;
        }
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
    if (data.get("keep") === "no") { body.keep = false; }
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

  // -- "Or upload files": post the files, poll the job, list documents and failures ----------

  function setUpUploads() {
    var upForm = document.getElementById("upload-form");
    var upStatus = document.getElementById("upload-status");
    var results = document.getElementById("upload-results");
    var note = document.getElementById("upload-limits");
    if (!upForm) { return; }
    var limits = null;

    function text(tag, value, cls) {
      var el = document.createElement(tag);
      el.textContent = value === null || value === undefined ? "" : String(value);
      if (cls) { el.className = cls; }
      return el;
    }

    function mb(bytes) { return (bytes / (1024 * 1024)).toFixed(0) + " MB"; }

    function say(message, progress) {
      upStatus.textContent = "";
      upStatus.appendChild(text("span", message));
      if (progress !== undefined) {
        var bar = document.createElement("progress");
        bar.max = 1; bar.value = progress;
        upStatus.appendChild(document.createTextNode(" "));
        upStatus.appendChild(bar);
      }
    }

    function countsLine(job) {
      var c = job.counts || {};
      return (c.read || 0) + " read, " + (c.analysed || 0) + " analysed, " + (c.stored || 0) +
        " stored, " + (c.failed || 0) + " failed";
    }

    function list(job) {
      results.textContent = "";
      var docs = job.documents || [], failures = job.failures || [];
      if (docs.length) {
        results.appendChild(text("h3", "Analysed documents"));
        var ul = document.createElement("ul");
        docs.forEach(function (d) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = d.href;  // built by the server from the stored id, url-quoted
          a.textContent = d.title || d.id;
          li.appendChild(a);
          li.appendChild(text("span", " — " + d.name + (d.location ? " (" + d.location + ")" : ""), "note"));
          ul.appendChild(li);
        });
        results.appendChild(ul);
      }
      if (failures.length) {
        results.appendChild(text("h3", "Failures"));
        var fl = document.createElement("ul");
        failures.forEach(function (f) {
          var where = f.name + (f.location ? " (" + f.location + ")" : "");
          fl.appendChild(text("li", where + ": " + f.reason));
        });
        results.appendChild(fl);
      }
    }

    function poll(url) {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (b) { return [r, b]; }); })
        .then(function (rb) {
          var r = rb[0], job = rb[1];
          if (!r.ok) { say("Error: " + errorText(job, r.statusText)); return; }
          list(job);
          if (job.status === "done") { say("Done: " + countsLine(job)); return; }
          if (job.status === "failed") { say("Failed: " + (job.error || "unknown error") + "; " + countsLine(job)); return; }
          say(job.stage + "… " + countsLine(job), job.progress);
          setTimeout(function () { poll(url); }, 700);
        })
        .catch(function () { say("The server did not answer; is slant serve still running?"); });
    }

    fetch("/api/upload", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (l) {
        if (!l) { return; }
        limits = l;
        note.appendChild(document.createTextNode(" At most " + l.max_files + " files, " + mb(l.max_file_bytes) +
          " each, " + mb(l.max_total_bytes) + " in all."));
      })
      .catch(function () { /* the server checks the limits anyway */ });

    upForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = upForm.querySelector("input[type=file]");
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { say("Choose one or more files first."); return; }
      if (limits) {
        var total = 0, big = null;
        files.forEach(function (f) { total += f.size; if (f.size > limits.max_file_bytes) { big = f; } });
        if (files.length > limits.max_files) { say("Too many files: at most " + limits.max_files + "."); return; }
        if (big) { say("Too large: " + big.name + " (at most " + mb(limits.max_file_bytes) + " a file)."); return; }
        if (total > limits.max_total_bytes) { say("Too large in all: at most " + mb(limits.max_total_bytes) + "."); return; }
      }
      var body = new FormData();
      files.forEach(function (f) { body.append("files", f, f.name); });
      results.textContent = "";
      say("Uploading…", 0);
      fetch("/api/upload", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Slant-Upload": "1" },  // the browser sets the multipart type
        body: body
      })
        .then(function (r) { return r.json().then(function (b) { return [r, b]; }); })
        .then(function (rb) {
          if (!rb[0].ok) { say("Error: " + errorText(rb[1], rb[0].statusText)); return; }
          poll(rb[1].status_url);
        })
        .catch(function () { say("The server did not answer."); });
    });
  }
})();
