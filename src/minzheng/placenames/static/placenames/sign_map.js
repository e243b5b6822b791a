/* The signs map (placenames/sign_map.html): Leaflet with no tile layer, the signs as clustered circle markers
 * (blue in order, red awaiting repair) from data-points-url with the filter form's values. Served as a static
 * file: no inline script, no eval. */
(function () {
  "use strict";
  var element = document.getElementById("sign-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var form = document.getElementById("map-filters");
  var status = document.getElementById("map-status");
  var HAIKOU = [[19.53, 110.12], [20.08, 110.7]];
  var map = L.map(element, { attributionControl: false, zoomSnap: 0.5, minZoom: 8, maxZoom: 19 });
  map.fitBounds(HAIKOU);
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(clusters);

  function popup(sign) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = sign.url;
    link.textContent = sign.code + " " + sign.text;
    link.setAttribute("data-testid", "map-sign-link");
    box.appendChild(link);
    var line = document.createElement("p");
    line.textContent = sign.kind + " · " + sign.status;
    box.appendChild(line);
    return box;
  }

  function draw(data) {
    clusters.clearLayers();
    clusters.addLayers(
      data.signs.map(function (sign) {
        var colour = sign.damaged ? "#c62828" : "#1565c0";
        return L.circleMarker([sign.lat, sign.lng], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.7 })
          .bindPopup(popup(sign));
      })
    );
    var text = "共 " + data.total + " 块，地图上 " + data.signs.length + " 块";
    status.textContent = text + "。";
    element.dataset.count = String(data.signs.length);
    if (clusters.getLayers().length) {
      map.fitBounds(clusters.getBounds().pad(0.1), { maxZoom: 16 });
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

  function load() {
    var ask = query();
    status.textContent = "正在载入…";
    fetch(element.dataset.pointsUrl + (ask ? "?" + ask : ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("载入失败（" + response.status + "）");
        }
        return response.json();
      })
      .then(draw)
      .catch(function (error) {
        status.textContent = error.message || "载入失败，请稍后重试";
      });
  }

  form.addEventListener("change", load);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load();
  });
  load();
})();
