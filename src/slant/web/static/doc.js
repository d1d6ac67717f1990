// Article view: toggle layers and filter by confidence. Only classes change; text is never touched.
(function () {
  "use strict";
  var dataNode = document.getElementById("span-data");
  if (!dataNode) { return; }
  var spans = JSON.parse(dataNode.textContent).spans;  // index -> [layerKey, score, category]
  var segments = document.querySelectorAll("#text .h");
  var toggles = document.querySelectorAll("#layer-controls input.toggle");
  var slider = document.getElementById("min-score");
  var output = document.getElementById("min-score-out");

  function update() {
    var shown = {};
    toggles.forEach(function (t) { shown[t.dataset.layer] = shown[t.dataset.layer] || t.checked; });
    var min = parseFloat(slider.value) || 0;
    output.textContent = min.toFixed(2);
    segments.forEach(function (seg) {
      var layers = {}, best = null, bestScore = -1;
      seg.dataset.i.split(" ").forEach(function (i) {
        var s = spans[i];
        if (!s || !shown[s[0]]) { return; }
        if (s[1] !== null && s[1] < min) { return; }
        layers[s[0]] = true;
        if (s[2] && (s[1] || 0) > bestScore) { best = s[2]; bestScore = s[1] || 0; }
      });
      var classes = ["h"];
      Object.keys(layers).sort().forEach(function (k) { classes.push("on-" + k); });
      if (best) { classes.push("cat-" + best); }
      seg.className = classes.join(" ");
    });
    document.querySelectorAll("ol.spans li").forEach(function (li) {
      var score = li.dataset.score === "" ? null : parseFloat(li.dataset.score);
      li.classList.toggle("hidden", score !== null && score < min);
    });
  }
  toggles.forEach(function (t) { t.addEventListener("change", update); });
  slider.addEventListener("input", update);
})();
