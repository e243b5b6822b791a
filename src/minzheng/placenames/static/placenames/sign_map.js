/* The signs map (placenames/sign_map.html): Leaflet with no tile layer, the signs as clustered circle markers
 * (blue in order, red awaiting repair) from data-points-url with the filter form's values, and the boundary markers
 * (界桩) from data-markers-url as thick rings (green intact, orange damaged), unclustered, each linking to its page.
 * Served as a static file: no inline script, no eval. */
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
  var boundary = L.layerGroup();
  var toggle = document.getElementById("show-markers");
  var markerTotal = null;

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

  function markerPopup(marker) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = "界桩" + marker.number;
    link.setAttribute("data-testid", "map-marker-link");
    box.appendChild(link);
    var line = document.createElement("p");
    line.textContent = marker.sides + " · " + marker.status;
    box.appendChild(line);
    return box;
  }

  function drawMarkers(data) {
    boundary.clearLayers();
    data.markers.forEach(function (marker) {
      var colour = marker.damaged ? "#ef6c00" : "#2e7d32";
      L.circleMarker([marker.lat, marker.lng], { radius: 9, weight: 4, color: colour, fillColor: "#ffffff", fillOpacity: 0.6 })
        .bindPopup(markerPopup(marker))
        .addTo(boundary);
    });
    markerTotal = data.markers.length;
    element.dataset.markers = String(data.markers.length);
    showMarkers();
  }

  function showMarkers() {
    if (toggle && !toggle.checked) {
      map.removeLayer(boundary);
    } else {
      map.addLayer(boundary);
    }
  }

  function loadMarkers() {
    if (!element.dataset.markersUrl) {
      return;
    }
    fetch(element.dataset.markersUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("界桩载入失败（" + response.status + "）");
        }
        return response.json();
      })
      .then(drawMarkers)
      .catch(function (error) {
        status.textContent = error.message || "界桩载入失败，请稍后重试";
      });
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
    if (markerTotal !== null) {
      text += "；界桩 " + markerTotal + " 个";
    }
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

  if (toggle) {
    toggle.addEventListener("change", function (event) {
      event.stopPropagation();
      showMarkers();
    });
  }
  form.addEventListener("change", load);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load();
  });
  loadMarkers();
  load();
})();
