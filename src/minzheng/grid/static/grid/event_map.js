/* The events map (grid/event_map.html): Leaflet with no tile layer — the grid boundaries are drawn as vector
 * layers from the platform's own GeoJSON — and the events clustered (Leaflet.markercluster). The points come
 * from data-points-url with the filter form's values; a change of any filter reloads them (and the address,
 * so the view can be shared or reloaded). Served as a static file: no inline script, no eval. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var form = document.getElementById("map-filters");
  var status = document.getElementById("map-status");
  var url = element.dataset.pointsUrl;
  var HAIKOU = [[19.53, 110.12], [20.08, 110.7]];
  var extentNode = document.getElementById("map-extent");
  var extent = extentNode ? JSON.parse(extentNode.textContent) : null;

  var map = L.map(element, { attributionControl: false, zoomSnap: 0.5, minZoom: 8, maxZoom: 19 });
  map.fitBounds(extent || HAIKOU);
  var outlines = L.geoJSON(null, {
    style: { color: "#59636e", weight: 1, fillColor: "#59636e", fillOpacity: 0.06 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true });
    },
  }).addTo(map);
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 60 });
  map.addLayer(clusters);

  function row(list, term, value) {
    var dt = document.createElement("dt");
    dt.textContent = term;
    var dd = document.createElement("dd");
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function popup(event) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = event.url;
    link.textContent = event.number;
    link.className = "mono";
    link.setAttribute("data-testid", "map-event-link");
    box.appendChild(link);
    var list = document.createElement("dl");
    row(list, "分类", event.category);
    row(list, "状态", event.state);
    row(list, "上报", event.date);
    row(list, "网格", event.grid + (event.approx ? "（位置按网格估计）" : ""));
    box.appendChild(list);
    return box;
  }

  function describe(data) {
    var text = "共 " + data.total + " 件，地图上 " + data.events.length + " 件";
    if (data.unplaced) {
      text += "；" + data.unplaced + " 件既无坐标也无网格边界，未标注";
    }
    if (data.events.length >= data.limit) {
      text += "；只标注最新的 " + data.limit + " 件，请缩小范围";
    }
    if (data.boundaries.too_many) {
      text += "；网格较多，选择区划后显示网格边界";
    }
    return text + "。";
  }

  function draw(data) {
    clusters.clearLayers();
    outlines.clearLayers();
    outlines.addData(data.boundaries.features);
    clusters.addLayers(
      data.events.map(function (event) {
        return L.marker([event.lat, event.long], { title: event.number }).bindPopup(popup(event));
      })
    );
    status.textContent = describe(data);
    element.dataset.count = String(data.events.length);
    // the events, and the grid outlines with them when they are few (a worker's or a community's grids)
    var bounds = clusters.getLayers().length ? clusters.getBounds() : outlines.getBounds();
    if (clusters.getLayers().length && data.boundaries.features.length <= 50 && outlines.getLayers().length) {
      bounds.extend(outlines.getBounds());
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.1), { maxZoom: 16 });
    } else if (data.extent) {
      map.fitBounds(data.extent);
    }
  }

  function query() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (!params.get(key)) {
        params.delete(key);
      }
    });
    return params.toString();
  }

  var pending = 0;
  function load() {
    var ask = query();
    var ticket = ++pending;
    status.textContent = "正在载入…";
    element.setAttribute("aria-busy", "true");
    fetch(url + (ask ? "?" + ask : ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error(data.message || "载入失败（" + response.status + "）");
          }
          return data;
        });
      })
      .then(function (data) {
        if (ticket === pending) {
          draw(data);
        }
      })
      .catch(function (error) {
        if (ticket === pending) {
          status.textContent = error.message || "载入失败，请稍后重试";
        }
      })
      .then(function () {
        if (ticket === pending) {
          element.removeAttribute("aria-busy");
        }
      });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + (ask ? "?" + ask : ""));
    }
  }

  form.addEventListener("change", load);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load();
  });
  load();
})();
