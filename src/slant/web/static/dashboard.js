// The corpus dashboard: fetches /api/corpus/... with the page's filters and draws
// each chart with Apache ECharts (vendored). Text reaches the charts only as data:
// ECharts draws it on a canvas, tooltips use richText (no HTML). Clicking an
// element opens the documents or spans behind it.
"use strict";
(function () {
  var page = new URLSearchParams(window.location.search);
  var FILTERS = ["outlet", "language", "from", "to", "technique", "actor", "min_score"];
  var bucket = page.get("bucket") || "auto";
  var translations = page.get("translations") === "true";  // cluster charts join translations

  function filters() {
    var p = new URLSearchParams();
    FILTERS.forEach(function (k) {
      var v = page.get(k);
      if (v) p.set(k, v);
    });
    return p;
  }

  function href(path, extra) {
    var p = filters();
    Object.keys(extra).forEach(function (k) {
      if (extra[k] === null || extra[k] === undefined || extra[k] === "") p.delete(k);
      else p.set(k, String(extra[k]));
    });
    var q = p.toString();
    return path + (q ? "?" + q : "");
  }

  function spansHref(extra) { return href("/spans", extra); }

  function name(v) { return v === null || v === undefined ? "(none)" : String(v); }

  function uniq(rows, key) {
    var seen = [];
    rows.forEach(function (r) { var v = name(r[key]); if (seen.indexOf(v) < 0) seen.push(v); });
    return seen;
  }

  var SVG_ICON = "path://M4,4 L28,4 L28,28 L4,28 Z M8,20 L12,12 L16,18 L20,10 L24,20";

  function download(blob, filename) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function toolbox(chartName) {
    return {
      right: 8,
      feature: {
        saveAsImage: { type: "png", pixelRatio: 2, name: "slant-" + chartName, title: "PNG" },
        mySvg: {
          show: true,
          title: "SVG",
          icon: SVG_ICON,
          onclick: function (model, api) {
            var chart = charts[chartName];
            if (!chart) return;
            var box = document.createElement("div");
            var svgChart = echarts.init(box, null, {
              renderer: "svg", width: chart.getWidth(), height: chart.getHeight(),
            });
            var option = chart.getOption();
            option.animation = false;
            svgChart.setOption(option);
            var svg = svgChart.renderToSVGString();
            svgChart.dispose();
            download(new Blob([svg], { type: "image/svg+xml" }), "slant-" + chartName + ".svg");
          },
        },
      },
    };
  }

  var TOOLTIP = { renderMode: "richText", confine: true };

  var measure = document.createElement("canvas").getContext("2d");

  // The width of a text as ECharts draws it (12 px sans-serif unless told).
  function textWidth(text, size) {
    if (!measure) return String(text).length * 7;
    measure.font = (size || 12) + "px sans-serif";
    return measure.measureText(String(text)).width;
  }

  // A full legend, wrapped over as many lines as it needs (never a scroller hiding entries),
  // and the space it takes above the plot: its items laid out as ECharts lays them out
  // (a 25 px symbol, 5 px to the text, 10 px between items; 24 px a line).
  function legend(names, el) {
    var width = Math.max(200, (el.clientWidth || 560) - 10);
    var lines = 1, used = 0;
    names.forEach(function (n) {
      var item = 25 + 5 + textWidth(n) + 10;
      if (used > 0 && used + item > width) { lines += 1; used = 0; }
      used += item;
    });
    return { legend: { type: "plain", top: 28, left: 0, right: 0, data: names }, top: 44 + 24 * lines };
  }

  // An axis of outlets: every name written (shortened; the tooltip has it whole), slanted when
  // there are many, and the height the slanted names take under the plot.
  function outletAxis(outlets) {
    var rotate = outlets.length > 4 ? 30 : 0;
    var longest = Math.max.apply(null, outlets.map(function (o) { return textWidth(shorten(o, 28)); }).concat([0]));
    return {
      axis: {
        type: "category", data: outlets,
        axisLabel: { interval: 0, rotate: rotate, formatter: function (v) { return shorten(v, 28); } },
      },
      height: rotate ? Math.ceil(longest * Math.sin(rotate * Math.PI / 180)) + 20 : 20,
    };
  }

  // A chart's height from its rows: no empty box under a short list, no squeeze on a long one.
  function fitHeight(el, rows, perRow, base) {
    el.style.height = Math.max(200, base + rows * perRow) + "px";
  }

  function names(rows, key) {  // canonical id -> the name the rows give it, and its variants
    var out = {};
    rows.forEach(function (r) { out[name(r[key])] = { name: r.name || name(r[key]), names: r.names || [] }; });
    return out;
  }

  // A label on a stacked segment only where it has room: at least 6 % of the tallest stack.
  function segmentLabel(rows, key, valueKey) {
    var totals = {};
    rows.forEach(function (r) { var k = name(r[key]); totals[k] = (totals[k] || 0) + r[valueKey]; });
    var most = Math.max.apply(null, Object.keys(totals).map(function (k) { return totals[k]; }).concat([0]));
    return {
      show: true, position: "inside",
      formatter: function (p) {
        return p.value && p.value >= 0.06 * most ? String(Math.round(p.value * 10) / 10) : "";
      },
    };
  }

  function techniques(rows, el) {
    var outlets = uniq(rows, "outlet");
    var labels = uniq(rows, "technique");
    var titles = {};
    rows.forEach(function (r) { titles[name(r.technique)] = r.title || name(r.technique); });
    var series = labels.map(function (label) {
      return {
        name: titles[label], type: "bar", stack: "rate",
        label: segmentLabel(rows, "outlet", "per_1000_words"),
        data: outlets.map(function (o) {
          var row = rows.filter(function (r) { return name(r.outlet) === o && name(r.technique) === label; })[0];
          return row ? {
            value: row.per_1000_words,
            href: spansHref({ layer: "technique", label: row.technique, outlet: row.outlet }),
          } : { value: 0 };
        }),
      };
    });
    var key = legend(labels.map(function (l) { return titles[l]; }), el);
    var x = outletAxis(outlets);
    fitHeight(el, 0, 0, key.top + 260 + x.height);
    return {
      legend: key.legend, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: key.top, left: 45, right: 20, bottom: 30, containLabel: true },
      xAxis: x.axis,
      yAxis: { type: "value", name: "spans per 1,000 words", nameLocation: "middle", nameGap: 40 },
      series: series,
    };
  }

  // The heatmaps' plot area: the cells, the outlets' names under them, the colour scale under those.
  var HEAT_GRID = { top: 36, left: 10, right: 20, bottom: 70, containLabel: true };

  // The outlets' axis under a heatmap, and the chart's height: the cells, the outlets' names under
  // them, and the colour scale under those.
  function heatAxis(outlets, keys, el) {
    var x = outletAxis(outlets);
    fitHeight(el, keys.length, 26, 36 + x.height + 80);
    return x;
  }

  // A category axis of actors (or speakers) written by name; clickable ones open the actor's page.
  function actorAxis(keys, known, clickable) {
    return {
      type: "category", data: keys, triggerEvent: clickable, axisLabel: {
        interval: 0, formatter: function (v) { return shorten((known[v] || { name: v }).name, 32); },
      },
    };
  }

  function heatmap(rows, key, valueKey, layer, attr, yName, el) {
    var outlets = uniq(rows, "outlet");
    var keys = uniq(rows, key).reverse();
    var known = names(rows, key);
    var max = 0;
    var data = rows.map(function (r) {
      max = Math.max(max, r[valueKey]);
      return {
        value: [outlets.indexOf(name(r.outlet)), keys.indexOf(name(r[key])), r[valueKey]],
        href: spansHref({ layer: layer, outlet: r.outlet, attr: attr, value: r[key] }),
      };
    });
    var x = heatAxis(outlets, keys, el);
    return {
      tooltip: Object.assign({
        position: "top",
        formatter: function (p) {
          var who = known[keys[p.value[1]]] || { name: keys[p.value[1]], names: [] };
          var also = who.names.length > 1 ? "\nalso written: " + who.names.slice(1).join(", ") : "";
          return who.name + " (" + keys[p.value[1]] + ")\n" + outlets[p.value[0]] + ": " + p.value[2] + " " + yName + also;
        },
      }, TOOLTIP),
      grid: HEAT_GRID,
      xAxis: x.axis,
      yAxis: actorAxis(keys, known, layer === "entity"),
      visualMap: { min: 0, max: Math.max(1, max), calculable: true, orient: "horizontal", left: "center", bottom: 0 },
      series: [{ type: "heatmap", name: yName, data: data, label: { show: true } }],
    };
  }

  // Actor x outlet coloured by the role the outlet gives the actor most often (grey: a tie); the
  // cell says that role's share, the tooltip every count; a click lists the role spans.
  var ROLES = ["Protagonist", "Antagonist", "Innocent"];
  var ROLE_COLOURS = { Protagonist: "#2f6db3", Antagonist: "#b8322a", Innocent: "#c9a227", tie: "#999999" };

  function actorRoles(rows, el) {
    var outlets = uniq(rows, "outlet");
    var keys = uniq(rows, "actor").reverse();
    var known = names(rows, "actor");
    var data = rows.map(function (r) {
      var code = r.dominant ? ROLES.indexOf(r.dominant) : 3;
      return {
        value: [outlets.indexOf(name(r.outlet)), keys.indexOf(name(r.actor)), code, r.share, r.roles],
        row: r,
        href: spansHref({ layer: "role", outlet: r.outlet, attr: "canonical", value: r.actor }),
      };
    });
    var x = heatAxis(outlets, keys, el);
    return {
      tooltip: Object.assign({
        position: "top",
        formatter: function (p) {
          var r = p.data.row;
          var who = known[name(r.actor)] || { name: name(r.actor) };
          return who.name + " (" + name(r.actor) + ")\n" + name(r.outlet) + ": " + (r.dominant || "no dominant role") +
            "\nProtagonist " + r.protagonist + " \u00b7 Antagonist " + r.antagonist + " \u00b7 Innocent " + r.innocent;
        },
      }, TOOLTIP),
      grid: HEAT_GRID,
      xAxis: x.axis,
      yAxis: actorAxis(keys, known, true),
      visualMap: {
        type: "piecewise", dimension: 2, orient: "horizontal", left: "center", bottom: 0,
        pieces: ROLES.map(function (role, i) { return { value: i, label: role, color: ROLE_COLOURS[role] }; })
          .concat([{ value: 3, label: "tie", color: ROLE_COLOURS.tie }]),
      },
      series: [{
        type: "heatmap", name: "roles", data: data,
        label: { show: true, color: "#fff", formatter: function (p) { return Math.round(p.value[3] * 100) + "% of " + p.value[4]; } },
      }],
    };
  }

  function timeline(rows, el, body) {
    var unit = body.bucket || bucket;
    function end(period) {
      if (unit !== "week") return period;
      var d = new Date(period + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 6);
      return d.toISOString().slice(0, 10);
    }
    var periods = rows.map(function (r) { return r.period; });
    var most = Math.max.apply(null, rows.map(function (r) { return r.documents; }).concat([1]));
    var written = rows.length <= 40;
    fitHeight(el, 0, 0, 380);
    return {
      legend: { top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 30, right: 40, bottom: 40, containLabel: true },
      xAxis: {
        type: "category", data: periods, name: "published, by " + unit + (unit === "week" ? " (from Monday)" : ""),
        nameLocation: "middle", nameGap: 32,
      },
      yAxis: [
        { type: "value", name: "documents", nameLocation: "middle", nameGap: 36, minInterval: 1 },
        { type: "value", name: "technique spans", nameLocation: "middle", nameGap: 36, minInterval: 1 },
      ],
      series: [
        {
          // The count inside a tall bar, over a short one: clear of the line's labels.
          name: "documents", type: "bar", label: { show: written, position: "top" },
          data: rows.map(function (r) {
            var docFilters = { from: r.period, to: end(r.period) };
            var inside = r.documents >= 0.2 * most ? { position: "inside", color: "#fff" } : {};
            return { value: r.documents, href: href("/", docFilters), label: inside };
          }),
        },
        {
          name: "technique spans", type: "line", yAxisIndex: 1,
          label: { show: written, position: "top", textBorderColor: "#fff", textBorderWidth: 3 },
          data: rows.map(function (r) {
            return {
              value: r.technique_spans, href: spansHref({ layer: "technique", from: r.period, to: end(r.period) }),
              label: r.technique_spans ? {} : { show: false },  // a zero: the axis says it
            };
          }),
        },
      ],
    };
  }

  function citations(rows, el) {
    fitHeight(el, Math.min(rows.length, 30), 18, 160);
    var nodes = [];
    var seen = {};
    function node(id, label, side) {
      if (!seen[id]) { seen[id] = true; nodes.push({ name: id, label: { formatter: function () { return label; } }, side: side, outlet: label }); }
    }
    var links = rows.map(function (r) {
      var from = "from " + name(r.outlet);
      var to = "cites " + name(r.cited);
      node(from, name(r.outlet), "from");
      node(to, name(r.cited), "cites");
      return {
        source: from, target: to, value: r.count,
        href: spansHref({ layer: "source", outlet: r.outlet, attr: "outlet", value: r.cited }),
      };
    });
    nodes.forEach(function (n) {
      n.href = n.side === "from" ? spansHref({ layer: "source", outlet: n.outlet === "(none)" ? "" : n.outlet })
        : spansHref({ layer: "source", attr: "outlet", value: n.outlet });
    });
    return {
      tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      series: [{
        type: "sankey", left: 10, right: 120, top: 30, bottom: 20, data: nodes, links: links,
        emphasis: { focus: "adjacency" }, label: { show: true },
        edgeLabel: { show: true, formatter: function (p) { return String(p.value); } },
        lineStyle: { color: "gradient", opacity: 0.4 },
      }],
    };
  }

  function speakers(rows, el) {
    var outlets = uniq(rows, "outlet");
    var keys = uniq(rows, "speaker").reverse();
    var known = names(rows, "speaker");
    var key = legend(outlets, el);
    fitHeight(el, keys.length, 26, key.top + 50);
    return {
      legend: key.legend, tooltip: Object.assign({
        trigger: "item",
        formatter: function (p) {
          var who = known[keys[p.dataIndex]] || { name: keys[p.dataIndex], names: [] };
          var also = who.names.length > 1 ? "\nalso written: " + who.names.slice(1).join(", ") : "";
          return who.name + "\n" + p.seriesName + ": " + p.value + " quotes" + also;
        },
      }, TOOLTIP),
      grid: { top: key.top, left: 10, right: 30, bottom: 40, containLabel: true },
      yAxis: {
        type: "category", data: keys, axisLabel: {
          interval: 0, formatter: function (v) { return shorten((known[v] || { name: v }).name, 32); },
        },
      },
      xAxis: { type: "value", name: "quotes", nameLocation: "middle", nameGap: 26, minInterval: 1 },
      series: outlets.map(function (o) {
        return {
          name: o, type: "bar", stack: "quotes", label: segmentLabel(rows, "speaker", "count"),
          data: keys.map(function (k) {
            var row = rows.filter(function (r) { return name(r.outlet) === o && name(r.speaker) === k; })[0];
            return row ? { value: row.count, href: spansHref({ layer: "quote", outlet: row.outlet, attr: "speaker", value: row.speaker }) } : { value: 0 };
          }),
        };
      }),
    };
  }

  function claims(rows, el) {
    var outlets = rows.map(function (r) { return name(r.outlet); });
    var x = outletAxis(outlets);
    fitHeight(el, 0, 0, 300 + x.height);
    return {
      legend: { top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 50, right: 50, bottom: 30, containLabel: true },
      xAxis: x.axis,
      yAxis: [
        { type: "value", name: "claims", nameLocation: "middle", nameGap: 40, minInterval: 1 },
        { type: "value", name: "per 1,000 words", nameLocation: "middle", nameGap: 40 },
      ],
      series: [
        { name: "claims", type: "bar", label: { show: true, position: "top" },
          data: rows.map(function (r) { return { value: r.claims, href: spansHref({ layer: "claim", outlet: r.outlet }) }; }) },
        { name: "per 1,000 words", type: "bar", yAxisIndex: 1, label: { show: true, position: "top" },
          data: rows.map(function (r) { return { value: r.per_1000_words, href: spansHref({ layer: "claim", outlet: r.outlet }) }; }) },
      ],
    };
  }

  function shorten(text, n) {
    var t = String(text || "").replace(/\s+/g, " ").trim();
    return t.length > n ? t.slice(0, n - 1) + "\u2026" : t;
  }

  // Clusters of repeated quotes or claims: one bar per cluster, a segment per outlet; the
  // axis label carries the text and the spread, so the chart reads without hovering.
  function clusters(layer) {
    return function (rows, el) {
      var ordered = rows.slice().reverse();
      var labels = ordered.map(function (r) {
        var dates = r.first_published ? " \u00b7 " + String(r.first_published).slice(0, 10) +
          (r.last_published && r.last_published !== r.first_published ? " \u2192 " + String(r.last_published).slice(0, 10) : "") : "";
        var bare = String(r.text || "").replace(/^[\s"'\u00ab\u00bb\u2018-\u201f]+|[\s"'\u00ab\u00bb\u2018-\u201f]+$/g, "");
        return "\u201c" + shorten(bare, 60) + "\u201d\n" + r.outlets + (r.outlets === 1 ? " outlet \u00b7 " : " outlets \u00b7 ") + r.documents + " documents" + dates;
      });
      var outlets = [];
      rows.forEach(function (r) { r.by_outlet.forEach(function (b) { var o = name(b.outlet); if (outlets.indexOf(o) < 0) outlets.push(o); }); });
      var key = legend(outlets, el);
      fitHeight(el, rows.length, 40, key.top + 50);
      return {
        legend: key.legend, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
        grid: { top: key.top, left: 10, right: 30, bottom: 36, containLabel: true },
        yAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11, lineHeight: 15 } },
        xAxis: {
          type: "value", name: layer === "quote" ? "quotes" : "claims", minInterval: 1,
          nameLocation: "middle", nameGap: 24,
        },
        series: outlets.map(function (o) {
          return {
            name: o, type: "bar", stack: "spread", barMaxWidth: 26, label: { show: true, position: "inside" },
            data: ordered.map(function (r) {
              var hit = r.by_outlet.filter(function (b) { return name(b.outlet) === o; })[0];
              return hit ? { value: hit.spans, href: spansHref({ layer: layer, cluster: r.cluster, translations: translations ? "true" : null }) } : { value: 0, label: { show: false } };
            }),
          };
        }),
      };
    };
  }

  // The words typical of each outlet: one small bar chart per outlet, z-scores on the bars.
  function wording(rows, el) {
    var outlets = uniq(rows, "outlet");
    var most = Math.max.apply(null, outlets.map(function (o) {
      return rows.filter(function (r) { return name(r.outlet) === o; }).length;
    }).concat([1]));
    fitHeight(el, most, 22, 100);
    var width = 100 / Math.max(1, outlets.length);
    var option = { tooltip: Object.assign({ trigger: "item" }, TOOLTIP), title: [], grid: [], xAxis: [], yAxis: [], series: [] };
    outlets.forEach(function (o, i) {
      var mine = rows.filter(function (r) { return name(r.outlet) === o; }).reverse();
      option.title.push({ text: shorten(o, 30), left: (i * width + 1) + "%", top: 28, textStyle: { fontSize: 13 } });
      option.grid.push({ left: (i * width + 1) + "%", width: (width - 3) + "%", top: 56, bottom: 30, containLabel: true });
      option.xAxis.push({ type: "value", gridIndex: i, name: "z", splitNumber: 2 });
      option.yAxis.push({ type: "category", gridIndex: i, data: mine.map(function (r) { return r.word; }), axisLabel: { interval: 0 } });
      option.series.push({
        name: o, type: "bar", xAxisIndex: i, yAxisIndex: i,
        label: { show: true, position: "insideRight", formatter: function (p) { return String(p.value); } },
        data: mine.map(function (r) {
          return { value: r.z, href: href("/", { q: r.word, outlet: r.outlet, technique: null, actor: null }) };
        }),
      });
    });
    return option;
  }

  var BUILD = {
    techniques: techniques,
    actors: function (rows, el) { return heatmap(rows, "actor", "mentions", "entity", "canonical", "mentions", el); },
    "actor-roles": actorRoles,
    timeline: timeline,
    citations: citations,
    speakers: speakers,
    claims: claims,
    "quote-clusters": clusters("quote"),
    "claim-clusters": clusters("claim"),
    wording: wording,
  };
  var charts = {};
  var EMPTY = {
    techniques: "no technique span shown in this selection",
    actors: "no named actor in this selection",
    "actor-roles": "no role shown in this selection (the roles analyzer may not have run)",
    timeline: "no document with a publication date in this selection",
    citations: "no document here cites a known outlet",
    speakers: "no quote with a sure speaker in this selection",
    claims: "no check-worthy claim in this selection",
    "quote-clusters": "no quote repeated across documents in this selection",
    "claim-clusters": "no claim repeated across documents in this selection",
  };
  var UNSCORED = { timeline: true, wording: true };  // charts whose emptiness no threshold explains

  // Why a chart has nothing to draw, or null when it has: no rows, or only zeros.
  function emptiness(chartName, body) {
    var rows = body.rows;
    var zero = chartName === "claims" && rows.every(function (r) { return !r.claims; });
    if (rows.length && !zero) return null;
    var why = body.note || EMPTY[chartName] || "nothing in this selection";
    var least = page.get("min_score");
    if (least && !UNSCORED[chartName] && !body.note) why += " at minimum confidence " + least;
    return why;
  }

  function draw(el) {
    var chartName = el.getAttribute("data-chart");
    var status = document.getElementById("status-" + chartName);
    var extra = chartName === "timeline" ? { bucket: bucket } : {};
    if (translations && /-clusters$/.test(chartName)) extra.translations = "true";
    fetch(href("/api/corpus/" + chartName, extra), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (body) {
        var compared = body.unit ? " \u00b7 compared: " + body.unit : "";
        var why = emptiness(chartName, body);
        if (why) {  // one line that says why, not an empty box
          el.classList.add("empty");
          status.classList.add("why-empty");
          status.textContent = why + compared;
          return;
        }
        var option = BUILD[chartName](body.rows, el, body);
        var chart = echarts.init(el, null, { renderer: "canvas" });
        charts[chartName] = chart;
        option.toolbox = toolbox(chartName);
        option.animation = false;
        chart.setOption(option);
        chart.on("click", function (p) {
          if (p.componentType === "yAxis" && (chartName === "actors" || chartName === "actor-roles")) {
            window.location.assign("/actors/" + encodeURIComponent(String(p.value)));  // the actor's page
            return;
          }
          var target = p.data && p.data.href;
          if (typeof target === "string" && target.charAt(0) === "/" && target.charAt(1) !== "/") {
            window.location.assign(target);
          }
        });
        var said = body.rows.length + " rows" + (chartName === "timeline" && body.bucket ? " \u00b7 by " + body.bucket : "");
        said += compared;
        if (body.translations) said += " \u00b7 translations joined";
        if (body.total !== undefined && body.considered < body.total) {
          said += " \u00b7 the newest " + body.considered + " of " + body.total + " clustered";
        }
        status.textContent = said;
      })
      .catch(function (e) { status.textContent = "could not load: " + e.message; });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
