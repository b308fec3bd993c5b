// Sigap's progressive JavaScript. Every page works without it; this only makes some faster.
"use strict";

// ---- The case page (/staf/kasus/{id}): who else has it open, and whether it changed. ----
(function () {
  var box = document.getElementById("kasus");
  var shown = document.getElementById("hadir");
  if (!box || !shown || !window.fetch) return;
  var en = document.documentElement.lang === "en";
  var version = Number(box.dataset.versi);
  function tick() {
    fetch("/staf/kasus/" + box.dataset.id + "/hadir", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        var parts = [];
        if (p.others.length) {
          parts.push((en ? "Also looking at this case: " : "Juga membuka kasus ini: ") + p.others.join(", "));
        }
        if (p.version !== version) {
          parts.push(en ? "This case has changed since you opened it; reload before you act."
                        : "Kasus ini sudah berubah sejak Anda membukanya; muat ulang sebelum bertindak.");
          shown.classList.add("berubah");
        }
        shown.textContent = parts.join(" · ");
      })
      .catch(function () {});
  }
  setInterval(tick, 15000);
})();
