// The bar's menus: opening one closes the others; a click outside the bar or Escape closes them all.
(function () {
  var menus = document.querySelectorAll("nav.mainnav details.navmenu");
  function closeAll(except) {
    menus.forEach(function (m) { if (m !== except) { m.open = false; } });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeAll(menu); } });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("nav.mainnav")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(null); }
  });
})();
