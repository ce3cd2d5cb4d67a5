// Ferry's live status on a page: connects to /api/status/stream and fills
//   <section class="check" data-check="NAME">  with that check's result,
//   <span data-status-field="migrations.state"> with the value at that path of the status document, and
//   <aside data-panel="status">                 with the server's rendering of the status panel, read again.
// The contract is in docs/server.md. Plain JavaScript, no library. Values from the status document are set
// as text, never as HTML; the panel is HTML the server rendered from its own template, escaped there.
(function () {
  "use strict";

  var STATUSES = ["ok", "warning", "failing"];
  var listeners = [];

  function child(parent, selector, tag, className) {
    var found = parent.querySelector(selector);
    if (!found) {
      found = document.createElement(tag);
      found.className = className;
      parent.appendChild(found);
    }
    return found;
  }

  function fillCheck(section, result) {
    STATUSES.forEach(function (s) { section.classList.remove("check-" + s); });
    section.classList.remove("check-unknown");
    if (!result) {
      section.classList.add("check-unknown");
      section.setAttribute("data-check-status", "unknown");
      child(section, ".check-summary", "p", "check-summary").textContent =
        "no check named '" + section.getAttribute("data-check") + "'";
      return;
    }
    section.classList.add("check-" + result.status);
    section.setAttribute("data-check-status", result.status);
    child(section, ".check-summary", "p", "check-summary").textContent = result.summary;
    var table = child(section, "table.check-rows", "table", "check-rows");
    table.textContent = "";
    table.hidden = result.rows.length === 0;
    if (result.rows.length === 0) {
      return;
    }
    var head = table.createTHead().insertRow();
    result.columns.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    result.rows.forEach(function (row) {
      var tr = body.insertRow();
      row.forEach(function (cell) { tr.insertCell().textContent = cell; });
    });
  }

  function valueAt(status, path) {
    return path.split(".").reduce(function (value, key) {
      return value === null || value === undefined ? undefined : value[key];
    }, status);
  }

  function show(value) {
    if (value === null || value === undefined) {
      return "—";
    }
    if (Array.isArray(value)) {
      return value.length === 0 ? "—" : value.map(function (v) {
        return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
      }).join(", ");
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  // The panel is rendered by the server (the same template as the page's): read it again and swap it in.
  function refreshPanel() {
    var panel = document.querySelector("[data-panel=status]");
    if (!panel || !window.fetch) {
      return;
    }
    fetch("/runbooks/-/panel", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        var current = document.querySelector("[data-panel=status]");
        if (html && current) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-panel=status]");
          if (fresh) {
            current.replaceWith(fresh);
            connected(true);
          }
        }
      })
      .catch(function () { /* the next status event tries again */ });
  }

  function apply(status) {
    document.querySelectorAll("[data-check]").forEach(function (section) {
      fillCheck(section, status.checks[section.getAttribute("data-check")]);
    });
    document.querySelectorAll("[data-status-field]").forEach(function (el) {
      var value = valueAt(status, el.getAttribute("data-status-field"));
      el.textContent = show(value);
      el.setAttribute("data-status-value", show(value));
    });
    document.querySelectorAll("[data-status-generated]").forEach(function (el) {
      el.textContent = new Date(status.generatedAt).toLocaleTimeString();
    });
    window.ferryLive.last = status;
    refreshPanel();
    listeners.forEach(function (fn) { fn(status); });
    document.dispatchEvent(new CustomEvent("ferry:status", { detail: status }));
  }

  function connected(yes) {
    var was = !document.documentElement.classList.contains("live-disconnected");
    document.documentElement.classList.toggle("live-disconnected", !yes);
    if (was && !yes) {
      document.dispatchEvent(new CustomEvent("ferry:disconnected"));
    }
    document.querySelectorAll("[data-live-connection]").forEach(function (el) {
      el.textContent = yes ? "live" : "reconnecting…";
    });
  }

  window.ferryLive = {
    last: null,
    // Calls fn with every status document from now on (and the last one, if there is one).
    onStatus: function (fn) {
      listeners.push(fn);
      if (window.ferryLive.last) {
        fn(window.ferryLive.last);
      }
    }
  };

  function start() {
    if (!window.EventSource) {
      return;
    }
    var source = new EventSource("/api/status/stream");
    source.addEventListener("status", function (event) {
      connected(true);
      apply(JSON.parse(event.data));
    });
    // The browser reconnects by itself; until then the page says it is not live.
    source.onerror = function () { connected(false); };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
