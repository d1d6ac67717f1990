// Article view: which spans show (layers, techniques, display thresholds or a minimum confidence),
// the click-to-explain panel, links to one span, deleting the document. Only classes change in the
// text; explanations are built with textContent, never innerHTML.
(function () {
  "use strict";
  var dataNode = document.getElementById("span-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var spans = data.spans;  // index -> [layerKey, score, category, hidden, label, start, end]
  var explain = data.explain;
  var segments = Array.prototype.slice.call(document.querySelectorAll("#text .h"));
  var toggles = document.querySelectorAll("#layer-controls input.toggle");
  var techniqueBoxes = document.querySelectorAll("#layer-controls input.technique");
  var slider = document.getElementById("min-score");
  var output = document.getElementById("min-score-out");
  var useThresholds = document.getElementById("use-thresholds");
  var shownCount = document.getElementById("shown-count");
  var panel = document.getElementById("explain");
  var panelBody = document.getElementById("explain-body");
  var LAYER = 0, SCORE = 1, CATEGORY = 2, HIDDEN = 3, LABEL = 4, START = 5, END = 6;

  function state() {
    var layers = {}, techniques = {};
    toggles.forEach(function (t) { layers[t.dataset.layer] = layers[t.dataset.layer] || t.checked; });
    techniqueBoxes.forEach(function (t) { techniques[t.dataset.technique] = t.checked; });
    return { layers: layers, techniques: techniques, thresholds: useThresholds.checked,
             min: parseFloat(slider.value) || 0 };
  }

  // Clears the bar: its display threshold, or the slider's minimum (spans without a score always do).
  function passes(s, st) {
    return st.thresholds ? !s[HIDDEN] : (s[SCORE] === null || s[SCORE] >= st.min);
  }

  // Clears the bar and its technique is ticked in the legend (whatever its layer's toggle says).
  function allowed(s, st) {
    if (s[LAYER] === "technique" && st.techniques[s[LABEL]] === false) { return false; }
    return passes(s, st);
  }

  function visible(s, st) {
    return Boolean(s) && Boolean(st.layers[s[LAYER]]) && allowed(s, st);
  }

  function update() {
    var st = state();
    output.textContent = st.thresholds ? "display thresholds" : st.min.toFixed(2);
    segments.forEach(function (seg) {
      var layers = {}, cats = [], best = null, bestScore = -1, techniquesHere = 0;
      seg.dataset.i.split(" ").forEach(function (i) {
        var s = spans[i];
        if (!visible(s, st)) { return; }
        layers[s[LAYER]] = true;
        if (s[CATEGORY]) {
          techniquesHere += 1;
          if (cats.indexOf(s[CATEGORY]) < 0) { cats.push(s[CATEGORY]); }
          if ((s[SCORE] || 0) > bestScore) { best = s[CATEGORY]; bestScore = s[SCORE] || 0; }
        }
      });
      var classes = ["h"];
      Object.keys(layers).sort().forEach(function (k) { classes.push("on-" + k); });
      if (best) { classes.push("cat-" + best); }
      if (techniquesHere > 1) { classes.push("multi"); }
      if (seg.classList.contains("focus")) { classes.push("focus"); }
      seg.className = classes.join(" ");
      // Overlapping categories as stripes; the names come from the fixed category set.
      seg.style.backgroundImage = cats.length > 1 ? "repeating-linear-gradient(135deg, " +
        cats.slice(0, 3).map(function (c, n) {
          return "var(--cat-" + c + ") " + (n * 0.45) + "em " + ((n + 1) * 0.45) + "em";
        }).join(", ") + ")" : "";
    });
    var perLayer = {}, perTechnique = {}, shown = 0, below = 0;
    Object.keys(spans).forEach(function (i) {
      var s = spans[i], on = visible(s, st), clears = passes(s, st);
      var c = perLayer[s[LAYER]] = perLayer[s[LAYER]] || [0, 0];
      if (st.layers[s[LAYER]] ? on : clears) { c[0] += 1; }
      if (!clears) { c[1] += 1; }
      if (st.layers[s[LAYER]]) {  // the key's count: the layers switched on, shown or cut by confidence
        if (on) { shown += 1; } else if (!clears) { below += 1; }
      }
      if (s[LAYER] === "technique") {
        var t = perTechnique[s[LABEL]] = perTechnique[s[LABEL]] || [0, 0];
        t[1] += 1;
        if (clears) { t[0] += 1; }
      }
    });
    shownCount.textContent = shown + " shown · " + below + " below " +
      (st.thresholds ? "threshold" : st.min.toFixed(2));
    document.querySelectorAll("[data-count]").forEach(function (node) {
      var c = perLayer[node.dataset.count] || [0, 0];
      node.textContent = c[0] + (st.layers[node.dataset.count] ? " shown" : " above threshold · off") +
        (c[1] ? " · " + c[1] + " below" : "");
    });
    document.querySelectorAll("[data-technique-count]").forEach(function (node) {
      var c = perTechnique[node.dataset.techniqueCount] || [0, 0];
      node.textContent = c[0] + "/" + c[1];
    });
    document.querySelectorAll("ol.spans li").forEach(function (li) {  // each list sits under its layer
      var s = spans[li.dataset.i];
      li.classList.toggle("hidden", !s || !allowed(s, st));
    });
  }

  function add(parent, tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }

  function showExplanation(indices) {
    panelBody.textContent = "";
    indices.forEach(function (i) {
      var e = explain[i];
      if (!e) { return; }
      var card = document.createElement("div");
      card.className = "card";
      add(card, "h3", e.title);
      add(card, "p", "“" + e.text + "”", "quoted");
      var list = document.createElement("dl");
      [["Layer", e.layer], ["Category", e.category], ["What it is", e.definition], ["Confidence", e.confidence],
       ["Threshold", e.threshold], ["Cue", e.cue], ["Details", e.details], ["Model", e.model]]
        .forEach(function (row) {
          if (!row[1]) { return; }
          add(list, "dt", row[0]);
          add(list, "dd", row[1]);
        });
      card.appendChild(list);
      if (e.calibration) { add(card, "p", e.calibration, "note"); }
      panelBody.appendChild(card);
    });
    panel.hidden = panelBody.childNodes.length === 0;
    if (!panel.hidden) { panel.scrollIntoView({ block: "nearest" }); }
  }

  function focusSpan(index) {
    var s = spans[index];
    if (!s) { return; }
    var st = state();
    if (!visible(s, st)) {  // a link to a span the filters hide: reveal it rather than fail silently
      toggles.forEach(function (t) { if (t.dataset.layer === s[LAYER]) { t.checked = true; } });
      techniqueBoxes.forEach(function (t) { if (t.dataset.technique === s[LABEL]) { t.checked = true; } });
      if (s[HIDDEN] || (s[SCORE] !== null && s[SCORE] < st.min)) {
        useThresholds.checked = false;
        slider.value = Math.floor((s[SCORE] || 0) * 20) / 20;
      }
      update();
    }
    segments.forEach(function (seg) { seg.classList.remove("focus"); });
    var first = null;
    segments.forEach(function (seg) {
      if (seg.dataset.i.split(" ").indexOf(String(index)) >= 0) {
        seg.classList.add("focus");
        first = first || seg;
      }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
    showExplanation([String(index)]);
  }

  function fromHash() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var m = /^s(\d+)$/.exec(hash);
    if (m) { focusSpan(m[1]); return; }
    m = /^at-([a-z_]+)-(\d+)-(\d+)$/.exec(hash);
    if (!m) { return; }
    var found = Object.keys(spans).filter(function (i) {
      var s = spans[i];
      return s[LAYER] === m[1] && s[START] === +m[2] && s[END] === +m[3];
    });
    if (found.length) { focusSpan(found[0]); }
  }

  document.getElementById("text").addEventListener("click", function (event) {
    var seg = event.target.closest ? event.target.closest(".h") : null;
    if (!seg) { return; }
    var st = state();
    showExplanation(seg.dataset.i.split(" ").filter(function (i) { return visible(spans[i], st); }));
  });
  document.getElementById("explain-close").addEventListener("click", function () { panel.hidden = true; });
  toggles.forEach(function (t) { t.addEventListener("change", update); });
  techniqueBoxes.forEach(function (t) { t.addEventListener("change", update); });
  useThresholds.addEventListener("change", update);
  slider.addEventListener("input", function () { useThresholds.checked = false; update(); });
  window.addEventListener("hashchange", fromHash);

  var remove = document.getElementById("delete-doc");
  if (remove) {
    remove.addEventListener("click", function () {
      if (!window.confirm("Delete this document, its spans and corrections from the store? This cannot be undone.")) {
        return;
      }
      fetch(remove.dataset.api, { method: "DELETE", credentials: "same-origin" }).then(function (r) {
        if (r.ok) { location.href = "/?deleted=" + encodeURIComponent(remove.dataset.id); return; }
        return r.json().then(function (body) { window.alert("Not deleted: " + (body.detail || r.status)); });
      }).catch(function (err) { window.alert("Not deleted: " + err); });
    });
  }
  update();
  if (location.hash) { fromHash(); }
})();
