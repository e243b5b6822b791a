/* The statistics dashboard: a district map (city level), a comparison of the child regions and a monthly
   trend, drawn with the locally served ECharts. Clicking a district or a bar opens that region's dashboard
   (the drill-down). Data comes from the page (json_script), never from elsewhere.

   Rules every chart follows: one unit per chart (the unit is the axis' name); each series its own colour
   from PALETTE, and the legend lists exactly the series drawn; labels where they do not overlap (district
   names at the centroid of each district's shape, not at its government seat, where all four meet);
   tooltips in Chinese with thousands separators. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var urls = JSON.parse(document.getElementById("dashboard-urls").textContent);
  // Eight clearly distinct colours (d3's category10 without its grey and olive); a trend chart never draws
  // more series than this (TREND_SERIES_MAX in dashboards.py).
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  var childCodes = data.children.map(function (c) { return c.code; });
  var charts = {};
  window.minzhengDashboard = charts;

  function number(v, unit) {
    if (v === null || v === undefined || isNaN(v)) { return "—"; }
    var digits = unit === "万元" || unit === "%" ? 2 : 0;
    var text = Number(v).toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return unit ? text + " " + unit : text;
  }

  function axisNumber(v) { return Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 }); }

  function drill(code) {
    if (childCodes.indexOf(code) >= 0) { window.location.href = urls.drill.replace("CODE", code); }
  }

  function fillSelect(select, options, onChange) {
    if (!select) { return; }
    options.forEach(function (label, k) {
      var option = document.createElement("option");
      option.value = String(k);
      option.textContent = label;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { onChange(Number(select.value)); });
  }

  function indicatorLabels() {
    return data.indicators.map(function (ind) { return ind.name + "（" + ind.unit + "）"; });
  }

  function ready(el) { el.setAttribute("data-ready", "1"); }

  /* The area-weighted centroid of a shape's largest polygon (a district's small islands do not pull its
     label out to sea), in [longitude, latitude]. */
  function centroid(geometry) {
    var polygons = geometry.type === "MultiPolygon" ? geometry.coordinates : [geometry.coordinates];
    var best = null;
    polygons.forEach(function (polygon) {
      var ring = polygon[0], area = 0, x = 0, y = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        area += cross;
        x += (ring[j][0] + ring[i][0]) * cross;
        y += (ring[j][1] + ring[i][1]) * cross;
      }
      if (area !== 0 && (best === null || Math.abs(area) > Math.abs(best.area))) {
        best = { area: area, point: [x / (3 * area), y / (3 * area)] };
      }
    });
    return best ? best.point : null;
  }

  function drawMap(geojson) {
    var el = document.getElementById("map");
    geojson.features.forEach(function (f) {
      var point = centroid(f.geometry);
      if (point) { f.properties.cp = point; }
    });
    echarts.registerMap("haikou", geojson);
    var chart = echarts.init(el);
    charts.map = chart;
    var byCode = {};
    data.children.forEach(function (c) { byCode[c.code] = c; });
    function render(k) {
      var indicator = data.indicators[k];
      var values = geojson.features.map(function (f) {
        var child = byCode[f.properties.code];
        return { name: f.properties.name, code: f.properties.code, value: child ? child.values[k] : null };
      });
      var numbers = values.map(function (v) { return v.value || 0; });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          return p.name + "<br>" + indicator.name + "：" + number(p.value, indicator.unit); } },
        visualMap: { min: 0, max: Math.max.apply(null, numbers.concat([1])), left: 8, bottom: 8, calculable: true,
                     text: ["高", "低"], formatter: function (v) { return axisNumber(v); },
                     inRange: { color: ["#e8f1fb", "#1f5fa8"] } },
        series: [{ type: "map", map: "haikou", name: indicator.name, roam: false, data: values,
                   label: { show: true, fontSize: 12, color: "#1a1a1a", textBorderColor: "#fff", textBorderWidth: 2 },
                   emphasis: { label: { show: true } } }]
      }, true);
    }
    render(0);
    fillSelect(document.getElementById("map-indicator"), indicatorLabels(), render);
    chart.on("click", function (p) { if (p.data && p.data.code) { drill(p.data.code); } });
    ready(el);
  }

  function drawBars() {
    var el = document.getElementById("bars");
    if (!el) { return; }
    var chart = echarts.init(el);
    charts.bars = chart;
    function render(k) {
      var indicator = data.indicators[k];
      var rows = data.children.map(function (c) { return { name: c.name, code: c.code, value: c.values[k] }; });
      chart.setOption({
        color: [PALETTE[0]],
        tooltip: { trigger: "item", formatter: function (p) {
          return p.name + "<br>" + indicator.name + "：" + number(p.value, indicator.unit); } },
        grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: indicator.unit, axisLabel: { formatter: axisNumber } },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
                 axisLabel: { interval: 0, width: 120, overflow: "truncate" } },
        series: [{ type: "bar", name: indicator.name, data: rows }]
      }, true);
    }
    el.style.height = Math.max(240, 28 * data.children.length + 60) + "px";
    chart.resize();
    render(0);
    fillSelect(document.getElementById("bar-indicator"), indicatorLabels(), render);
    chart.on("click", function (p) { if (p.data && p.data.code) { drill(p.data.code); } });
    ready(el);
  }

  function drawTrend() {
    var el = document.getElementById("trend");
    if (!el) { return; }
    var chart = echarts.init(el);
    charts.trend = chart;
    function draw(group) {
      var colours = group.series.map(function (s, n) { return PALETTE[n % PALETTE.length]; });
      chart.setOption({
        color: colours,
        tooltip: { trigger: "axis", formatter: function (items) {
          return items[0].axisValueLabel + items.map(function (p) {
            return "<br>" + p.marker + p.seriesName + "：" + number(p.value, group.unit); }).join(""); } },
        legend: { type: "scroll", top: 0, data: group.series.map(function (s) { return s.name; }) },
        grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", name: group.unit, axisLabel: { formatter: axisNumber } },
        series: group.series.map(function (s, n) {
          return { type: "line", name: s.name, data: s.values, itemStyle: { color: colours[n] },
                   lineStyle: { color: colours[n] } };
        })
      }, true);
      el.setAttribute("data-group", String(data.trendGroups.indexOf(group)));
      ready(el);
    }
    /* The page carries the first chart's months; another chart's are fetched when it is chosen. */
    function render(k) {
      var group = data.trendGroups[k];
      if (group.series[0].values !== null) { draw(group); return; }
      el.removeAttribute("data-ready");
      fetch(urls.trend + "&group=" + k, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (loaded) { data.trendGroups[k] = loaded; draw(loaded); });
    }
    render(0);
    fillSelect(document.getElementById("trend-group"), data.trendGroups.map(function (g) { return g.label; }), render);
  }

  drawBars();
  drawTrend();
  var mapEl = document.getElementById("map");
  if (mapEl) {
    fetch(mapEl.getAttribute("data-geo"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(drawMap);
  }
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
