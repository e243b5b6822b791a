// 证照核验 (/m/verify/): read a certificate's QR code from a photo taken with the phone's camera, where the browser
// can decode QR codes (BarcodeDetector); elsewhere the button stays hidden and the code is typed (or the phone's
// own camera opens the printed address directly).
(function () {
  "use strict";
  var box = document.querySelector("[data-scan]");
  if (!box || !("BarcodeDetector" in window) || !("createImageBitmap" in window)) return;
  var input = box.querySelector("input[type=file]");
  var field = document.getElementById("id_code");
  var failed = box.querySelector("[data-scan-error]");
  box.hidden = false;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file || !field) return;
    failed.hidden = true;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    createImageBitmap(file)
      .then(function (bitmap) { return detector.detect(bitmap); })
      .then(function (codes) {
        if (codes.length) {
          field.value = codes[0].rawValue;
          field.form.submit();
        } else {
          failed.hidden = false;
        }
      })
      .catch(function () { failed.hidden = false; });
  });
})();
