/* A grid's boundary on a map (grid/grid_detail.html). Leaflet with no tile layer: the neighbouring grids are
 * drawn from the platform's own GeoJSON for context. With the form (a manager), Leaflet.draw draws, edits and
 * deletes the grid's polygons and every change is written to the hidden "boundary" field as GeoJSON (one
 * polygon: Polygon; several: MultiPolygon; none: "" — the boundary is cleared); the server checks it.
 * Served as a static file: no inline script, no eval. */
(function () {
  "use strict";
  var element = document.getElementById("boundary-map");
  var input = document.getElementById("boundary");
  if (!element || !input || typeof L === "undefined") {
    return;
  }
  var readonly = element.dataset.readonly === "1";
  var status = document.getElementById("boundary-status");
  var HAIKOU = [[19.53, 110.12], [20.08, 110.7]];

  function parse(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var map = L.map(element, { attributionControl: false, zoomSnap: 0.5, minZoom: 8, maxZoom: 19 });
  var neighbours = L.geoJSON(parse("grid-neighbours"), {
    interactive: true,
    style: { color: "#59636e", weight: 1, dashArray: "4 3", fillColor: "#59636e", fillOpacity: 0.06 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true });
    },
  }).addTo(map);

  var own = new L.FeatureGroup();
  var ownStyle = { color: "#b3261e", weight: 2, fillColor: "#b3261e", fillOpacity: 0.15 };
  var current = null;
  try {
    current = input.value ? JSON.parse(input.value) : null;
  } catch (error) {
    current = null;
  }
  if (current && current.type === "Feature") {
    current = current.geometry;
  }
  if (current && (current.type === "Polygon" || current.type === "MultiPolygon")) {
    var polygons = current.type === "Polygon" ? [current.coordinates] : current.coordinates;
    polygons.forEach(function (rings) {
      // one layer per polygon, so each can be edited or deleted on its own
      own.addLayer(L.polygon(L.GeoJSON.coordsToLatLngs(rings, 1), ownStyle));
    });
  }
  own.addTo(map);

  var start = own.getLayers().length ? own.getBounds() : null;
  if (!start && neighbours.getLayers().length) {
    start = neighbours.getBounds();
  }
  map.fitBounds(start ? start.pad(0.3) : parse("grid-extent") || HAIKOU);

  if (readonly) {
    return;
  }

  L.drawLocal.draw.toolbar.actions = { title: "取消绘制", text: "取消" };
  L.drawLocal.draw.toolbar.finish = { title: "完成绘制", text: "完成" };
  L.drawLocal.draw.toolbar.undo = { title: "删除最后一个顶点", text: "删除最后一点" };
  L.drawLocal.draw.toolbar.buttons.polygon = "绘制多边形";
  L.drawLocal.draw.toolbar.buttons.rectangle = "绘制矩形";
  L.drawLocal.draw.handlers.polygon.tooltip = {
    start: "点击地图开始绘制边界",
    cont: "继续点击添加顶点",
    end: "点击第一个顶点闭合边界",
  };
  L.drawLocal.draw.handlers.polyline.error = "<strong>不可：</strong>边界的边不能交叉";
  L.drawLocal.draw.handlers.rectangle.tooltip = { start: "按住并拖动绘制矩形" };
  L.drawLocal.draw.handlers.simpleshape.tooltip = { end: "松开鼠标完成绘制" };
  L.drawLocal.edit.toolbar.actions.save = { title: "保留这些修改", text: "完成" };
  L.drawLocal.edit.toolbar.actions.cancel = { title: "放弃修改", text: "取消" };
  L.drawLocal.edit.toolbar.actions.clearAll = { title: "删除全部边界", text: "全部删除" };
  L.drawLocal.edit.toolbar.buttons = {
    edit: "编辑边界",
    editDisabled: "还没有可编辑的边界",
    remove: "删除边界",
    removeDisabled: "还没有可删除的边界",
  };
  L.drawLocal.edit.handlers.edit.tooltip = { text: "拖动顶点修改边界", subtext: "点“取消”放弃修改" };
  L.drawLocal.edit.handlers.remove.tooltip = { text: "点击要删除的一块" };

  map.addControl(
    new L.Control.Draw({
      position: "topleft",
      draw: {
        polygon: { allowIntersection: false, showArea: false, shapeOptions: ownStyle },
        rectangle: { shapeOptions: ownStyle },
        polyline: false,
        circle: false,
        marker: false,
        circlemarker: false,
      },
      edit: { featureGroup: own, poly: { allowIntersection: false } },
    })
  );

  function geometry() {
    var polygons = own.getLayers().map(function (layer) {
      return layer.toGeoJSON(6).geometry.coordinates;
    });
    if (!polygons.length) {
      return null;
    }
    return polygons.length === 1
      ? { type: "Polygon", coordinates: polygons[0] }
      : { type: "MultiPolygon", coordinates: polygons };
  }

  function sync() {
    var shape = geometry();
    input.value = shape ? JSON.stringify(shape) : "";
    input.dataset.changed = "1";
    if (status) {
      status.textContent = shape
        ? "边界已修改（" + own.getLayers().length + " 块），点“保存”后生效。"
        : "边界已全部删除，点“保存”后清除。";
    }
  }

  map.on(L.Draw.Event.CREATED, function (event) {
    event.layer.setStyle(ownStyle);
    own.addLayer(event.layer);
    sync();
  });
  // edits change the layers in place: the field follows every dragged vertex, and "取消" restores them
  [
    L.Draw.Event.EDITED,
    L.Draw.Event.DELETED,
    L.Draw.Event.EDITVERTEX,
    L.Draw.Event.EDITMOVE,
    L.Draw.Event.EDITRESIZE,
    L.Draw.Event.EDITSTOP,
    L.Draw.Event.DELETESTOP,
  ].forEach(function (name) {
    map.on(name, sync);
  });
})();
