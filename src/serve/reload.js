// Live reload for `ebb serve`: reload after each rebuild, keeping the scroll
// position, and show build errors over the page until they are fixed.
(function () {
  var state = JSON.parse(document.getElementById("ebb-live").textContent);
  var key = "ebb-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, parseFloat(saved) || 0); };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", restore);
    } else {
      restore();
    }
  }
  function overlay(text) {
    var box = document.getElementById("ebb-error");
    if (!text) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "ebb-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.92);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("h2");
      title.textContent = "ebb: the last change has errors (showing the last good build)";
      title.style.cssText = "color:#ff8a80;font:bold 16px system-ui,sans-serif;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(title);
      box.appendChild(pre);
      document.documentElement.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  if (state.error) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { overlay(state.error); });
    } else {
      overlay(state.error);
    }
  }
  var events = new EventSource(state.events + "?v=" + state.version);
  // Marks the page as live, for people checking and for tests.
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-ebb-live", "connected");
  });
  events.addEventListener("reload", function () {
    events.close();
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("problem", function (e) { overlay(JSON.parse(e.data)); });
})();
