/* The statistics dashboard: a district map (city level), a comparison of the child regions and a
   monthly trend, drawn with the locally served ECharts. Clicking a district or a bar opens that
   region's dashboard (the drill-down). Data comes from the page (json_script), never from elsewhere. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var urls = JSON.parse(document.getElementById("dashboard-urls").textContent);
  var childCodes = data.children.map(function (c) { return c.code; });
  var charts = {};
  window.minzhengDashboard = charts;

  function drill(code) {
    if (childCodes.indexOf(code) >= 0) { window.location.href = urls.drill.replace("CODE", code); }
  }

  function fillSelect(select, onChange) {
    if (!select) { return; }
    data.indicators.forEach(function (ind, k) {
      var option = document.createElement("option");
      option.value = String(k);
      option.textContent = ind.name + "（" + ind.unit + "）";
      select.appendChild(option);
    });
    select.addEventListener("change", function () { onChange(Number(select.value)); });
  }

  function series(k) {
    return data.children.map(function (c) { return { name: c.name, code: c.code, value: c.values[k] }; });
  }

  function drawMap(geojson) {
    var el = document.getElementById("map");
    echarts.registerMap("haikou", geojson);
    var chart = echarts.init(el);
    charts.map = chart;
    var byCode = {};
    data.children.forEach(function (c) { byCode[c.code] = c; });
    function render(k) {
      var values = geojson.features.map(function (f) {
        var child = byCode[f.properties.code];
        return { name: f.properties.name, code: f.properties.code, value: child ? child.values[k] : null };
      });
      var numbers = values.map(function (v) { return v.value || 0; });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          return p.name + "<br>" + data.indicators[k].name + "：" + (p.value == null || isNaN(p.value) ? "—" : p.value) + " " + data.indicators[k].unit; } },
        visualMap: { min: 0, max: Math.max.apply(null, numbers.concat([1])), left: 8, bottom: 8, text: ["高", "低"], calculable: true,
                     inRange: { color: ["#e8f1fb", "#1f5fa8"] } },
        series: [{ type: "map", map: "haikou", roam: false, label: { show: true, fontSize: 10 }, data: values,
                   emphasis: { label: { show: true } } }]
      }, true);
    }
    render(0);
    fillSelect(document.getElementById("map-indicator"), render);
    chart.on("click", function (p) { if (p.data && p.data.code) { drill(p.data.code); } });
    el.setAttribute("data-ready", "1");
  }

  function drawBars() {
    var el = document.getElementById("bars");
    if (!el) { return; }
    var chart = echarts.init(el);
    charts.bars = chart;
    function render(k) {
      var rows = series(k);
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: data.indicators[k].unit },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
                 axisLabel: { interval: 0, width: 120, overflow: "truncate" } },
        series: [{ type: "bar", data: rows, itemStyle: { color: "#1f5fa8" } }]
      }, true);
    }
    el.style.height = Math.max(240, 28 * data.children.length + 40) + "px";
    chart.resize();
    render(0);
    fillSelect(document.getElementById("bar-indicator"), render);
    chart.on("click", function (p) { if (p.data && p.data.code) { drill(p.data.code); } });
  }

  function drawTrend() {
    var el = document.getElementById("trend");
    if (!el) { return; }
    var chart = echarts.init(el);
    charts.trend = chart;
    var units = [];
    data.trend.forEach(function (t) { if (units.indexOf(t.unit) < 0) { units.push(t.unit); } });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: units.slice(0, 2).map(function (u, i) { return { type: "value", name: u, position: i ? "right" : "left" }; }),
      series: data.trend.map(function (t) {
        return { type: "line", name: t.name + "（" + t.unit + "）", data: t.values, yAxisIndex: Math.min(1, units.indexOf(t.unit)) };
      })
    });
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
