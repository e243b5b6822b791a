/* 随手拍, "问题在哪里": a Leaflet map with no tile server — the district outlines are the platform's own GeoJSON —
 * on which a tap places the point, or the phone's location does; the point fills the 纬度/经度 fields, which can
 * also be typed. Served as a static file (no inline script: CSP). */
(function () {
  "use strict";
  var element = document.getElementById("report-map");
  var lat = document.getElementById("lat");
  var long = document.getElementById("long");
  var button = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  var marker = null;
  var map = null;

  function place(latValue, longValue, zoom) {
    lat.value = Number(latValue).toFixed(6);
    long.value = Number(longValue).toFixed(6);
    if (!map) { return; }
    var point = [Number(latValue), Number(longValue)];
    if (marker) { marker.setLatLng(point); } else { marker = L.marker(point).addTo(map); }
    if (zoom) { map.setView(point, 17); }
  }

  if (element && typeof L !== "undefined") {
    map = L.map(element, { attributionControl: false, zoomSnap: 0.5, minZoom: 8, maxZoom: 19 });
    map.fitBounds([[19.53, 110.12], [20.08, 110.7]]);
    fetch(element.dataset.geo).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, {
        style: { color: "#59636e", weight: 1, fillColor: "#59636e", fillOpacity: 0.05 },
        onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.name, { sticky: true }); },
      }).addTo(map);
    }).catch(function () { /* the fields still work without the outlines */ });
    map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, false); });
    if (lat.value && long.value) { place(lat.value, long.value, true); }
  }

  if (button) {
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = "此设备不支持定位，请在地图上点选"; return; }
      status.textContent = "定位中…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        place(pos.coords.latitude, pos.coords.longitude, true);
        status.textContent = "已定位（精度约" + Math.round(pos.coords.accuracy) + "米）";
      }, function () { status.textContent = "定位失败，请在地图上点选"; }, { enableHighAccuracy: true, timeout: 10000 });
    });
  }
})();
