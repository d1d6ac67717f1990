// The corpus dashboard: fetches /api/corpus/... with the page's filters and draws
// each chart with Apache ECharts (vendored). Text reaches the charts only as data:
// ECharts draws it on a canvas, tooltips use richText (no HTML). Clicking an
// element opens the documents or spans behind it.
"use strict";
(function () {
  var page = new URLSearchParams(window.location.search);
  var FILTERS = ["outlet", "language", "from", "to", "technique", "actor"];
  var bucket = page.get("bucket") || "month";

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

  function techniques(rows) {
    var outlets = uniq(rows, "outlet");
    var labels = uniq(rows, "technique");
    var series = labels.map(function (label) {
      return {
        name: label, type: "bar", stack: "rate",
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
    return {
      legend: { type: "scroll", top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 60, right: 20, bottom: 80, containLabel: true },
      xAxis: { type: "category", data: outlets, axisLabel: { interval: 0, rotate: outlets.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", name: "per 1,000 words" },
      series: series,
    };
  }

  function heatmap(rows, key, valueKey, layer, attr, yName) {
    var outlets = uniq(rows, "outlet");
    var keys = uniq(rows, key).reverse();
    var max = 0;
    var data = rows.map(function (r) {
      max = Math.max(max, r[valueKey]);
      return {
        value: [outlets.indexOf(name(r.outlet)), keys.indexOf(name(r[key])), r[valueKey]],
        href: spansHref({ layer: layer, outlet: r.outlet, attr: attr, value: r[key] }),
      };
    });
    return {
      tooltip: Object.assign({ position: "top" }, TOOLTIP),
      grid: { top: 40, left: 10, right: 20, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: outlets, axisLabel: { interval: 0, rotate: outlets.length > 4 ? 30 : 0 } },
      yAxis: { type: "category", data: keys, name: yName, axisLabel: { interval: 0 } },
      visualMap: { min: 0, max: Math.max(1, max), calculable: true, orient: "horizontal", left: "center", bottom: 0 },
      series: [{ type: "heatmap", name: yName, data: data, label: { show: true } }],
    };
  }

  function timeline(rows) {
    function end(period) {
      if (bucket !== "week") return period;
      var d = new Date(period + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 6);
      return d.toISOString().slice(0, 10);
    }
    var periods = rows.map(function (r) { return r.period; });
    return {
      legend: { top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 50, right: 50, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: periods, name: bucket },
      yAxis: [{ type: "value", name: "documents" }, { type: "value", name: "technique spans" }],
      series: [
        {
          name: "documents", type: "bar", label: { show: rows.length <= 40, position: "top" },
          data: rows.map(function (r) {
            var docFilters = { from: r.period, to: end(r.period) };
            return { value: r.documents, href: href("/", docFilters) };
          }),
        },
        {
          name: "technique spans", type: "line", yAxisIndex: 1, label: { show: rows.length <= 40 },
          data: rows.map(function (r) {
            return { value: r.technique_spans, href: spansHref({ layer: "technique", from: r.period, to: end(r.period) }) };
          }),
        },
      ],
    };
  }

  function citations(rows) {
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

  function speakers(rows) {
    var outlets = uniq(rows, "outlet");
    var keys = uniq(rows, "speaker").reverse();
    return {
      legend: { type: "scroll", top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 10, right: 30, bottom: 20, containLabel: true },
      yAxis: { type: "category", data: keys, axisLabel: { interval: 0 } },
      xAxis: { type: "value", name: "quotes" },
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

  function claims(rows) {
    var outlets = rows.map(function (r) { return name(r.outlet); });
    return {
      legend: { top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
      grid: { top: 70, left: 50, right: 50, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: outlets, axisLabel: { interval: 0, rotate: outlets.length > 4 ? 30 : 0 } },
      yAxis: [{ type: "value", name: "claims" }, { type: "value", name: "per 1,000 words" }],
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
    return function (rows) {
      var ordered = rows.slice().reverse();
      var labels = ordered.map(function (r) {
        var dates = r.first_published ? " \u00b7 " + String(r.first_published).slice(0, 10) +
          (r.last_published && r.last_published !== r.first_published ? " \u2192 " + String(r.last_published).slice(0, 10) : "") : "";
        var bare = String(r.text || "").replace(/^[\s"'\u00ab\u00bb\u2018-\u201f]+|[\s"'\u00ab\u00bb\u2018-\u201f]+$/g, "");
        return "\u201c" + shorten(bare, 60) + "\u201d\n" + r.outlets + (r.outlets === 1 ? " outlet \u00b7 " : " outlets \u00b7 ") + r.documents + " documents" + dates;
      });
      var outlets = [];
      rows.forEach(function (r) { r.by_outlet.forEach(function (b) { var o = name(b.outlet); if (outlets.indexOf(o) < 0) outlets.push(o); }); });
      return {
        legend: { type: "scroll", top: 28 }, tooltip: Object.assign({ trigger: "item" }, TOOLTIP),
        grid: { top: 70, left: 10, right: 30, bottom: 36, containLabel: true },
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
              return hit ? { value: hit.spans, href: spansHref({ layer: layer, cluster: r.cluster }) } : { value: 0, label: { show: false } };
            }),
          };
        }),
      };
    };
  }

  // The words typical of each outlet: one small bar chart per outlet, z-scores on the bars.
  function wording(rows) {
    var outlets = uniq(rows, "outlet");
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
    actors: function (rows) { return heatmap(rows, "actor", "mentions", "entity", "canonical", "mentions"); },
    timeline: timeline,
    citations: citations,
    speakers: speakers,
    claims: claims,
    "quote-clusters": clusters("quote"),
    "claim-clusters": clusters("claim"),
    wording: wording,
  };
  var charts = {};

  function draw(el) {
    var chartName = el.getAttribute("data-chart");
    var status = document.getElementById("status-" + chartName);
    var extra = chartName === "timeline" ? { bucket: bucket } : {};
    fetch(href("/api/corpus/" + chartName, extra), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (body) {
        var compared = body.unit ? " \u00b7 compared: " + body.unit : "";
        if (!body.rows.length) { status.textContent = (body.note || "no data for these filters") + compared; return; }
        var chart = echarts.init(el, null, { renderer: "canvas" });
        charts[chartName] = chart;
        var option = BUILD[chartName](body.rows);
        option.toolbox = toolbox(chartName);
        option.animation = false;
        chart.setOption(option);
        chart.on("click", function (p) {
          var target = p.data && p.data.href;
          if (typeof target === "string" && target.charAt(0) === "/" && target.charAt(1) !== "/") {
            window.location.assign(target);
          }
        });
        var said = body.rows.length + " rows";
        said += compared;
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
