// "获取当前位置" on the event report form: fills 纬度/经度 from the device's location (served locally; no inline script).
(function () {
  var button = document.getElementById("locate");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var status = document.getElementById("locate-status");
    if (!navigator.geolocation) { status.textContent = "此设备不支持定位，请填写地址"; return; }
    status.textContent = "定位中…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("long").value = pos.coords.longitude.toFixed(6);
      status.textContent = "已定位（精度约" + Math.round(pos.coords.accuracy) + "米）";
    }, function () { status.textContent = "定位失败，请填写地址"; }, {enableHighAccuracy: true, timeout: 10000});
  });
})();
