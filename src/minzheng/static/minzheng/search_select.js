/* Search-as-you-type pickers (core/widgets.py SearchSelectWidget, RegionPickerWidget) on the vendored
 * tom-select. Every <select data-search-url> becomes a search box whose options come from that URL
 * (?q=…, answering {"results": [{<value field>: …, "label": …}]}), in the server's order. Loaded as a static
 * file: no inline script, so a Content-Security-Policy without 'unsafe-inline' holds. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function setup(select) {
    if (select.tomselect || typeof TomSelect === "undefined") {
      return;
    }
    var url = select.dataset.searchUrl;
    var joiner = url.indexOf("?") === -1 ? "?" : "&";
    var plugins = {};
    if (!select.required) {
      plugins.clear_button = { title: "清除" };
    }
    new TomSelect(select, {
      valueField: select.dataset.valueField || "code",
      labelField: "label",
      searchField: ["label"],
      placeholder: select.dataset.placeholder || "",
      allowEmptyOption: false,
      maxOptions: 50,
      preload: "focus",
      loadThrottle: 250,
      plugins: plugins,
      // the server has matched and ordered the options (name, 拼音首字母, code): show them as they come
      score: function () {
        return function () {
          return 1;
        };
      },
      load: function (query, callback) {
        var picker = this;
        picker.loadedSearches = {}; // always ask the server: its answer depends on the whole query
        fetch(url + joiner + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (data) {
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        option: function (item) {
          return '<div data-testid="picker-option">' + escapeHtml(item.label) + "</div>";
        },
        item: function (item) {
          return "<div>" + escapeHtml(item.label) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">未找到，请换个名称、拼音首字母或编号</div>';
        },
        loading: function () {
          return '<div class="no-results">正在查找…</div>';
        },
      },
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("select[data-search-url]").forEach(setup);
  }

  if (window.htmx) {
    window.htmx.onLoad(init); // the page and every fragment htmx swaps in
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
})();
