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

// ---- /staf/aduan-baru: region search as you type and the Sentra preview (ui/intake.rs) ----
// The region field (`data-cari-wilayah` names its <datalist>) asks GET /api/v1/regions?q= after
// a 200 ms pause and offers the hits; picking one puts its code in a hidden `kode_wilayah` and
// asks GET /api/v1/route?region= which Sentra would respond. Without this the server looks the
// place up when the form is sent.
(function () {
  var input = document.querySelector("input[data-cari-wilayah]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("data-cari-wilayah"));
  var preview = document.getElementById("pratinjau-sentra");
  if (!list) return;
  input.setAttribute("list", list.id);
  var form = input.form;
  var hidden = null;
  var codes = {};
  var timer = null;
  var asked = "";

  function radios() {
    return form.querySelector("input[type=radio][name=kode_wilayah]");
  }

  function setCode(code) {
    if (radios()) return; // the server's choices are on the page: they decide
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "kode_wilayah";
      form.appendChild(hidden);
    }
    hidden.value = code;
  }

  function showPreview(text) {
    if (!preview) return;
    preview.textContent = "";
    if (!text) return;
    preview.appendChild(document.createTextNode(preview.getAttribute("data-label") + ": "));
    var strong = document.createElement("strong");
    strong.textContent = text;
    preview.appendChild(strong);
  }

  function route(code) {
    fetch("/api/v1/route?region=" + encodeURIComponent(code), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        showPreview(p.sentra ? p.sentra.name : preview.getAttribute("data-national"));
      })
      .catch(function () {});
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 3 || q === asked) return;
    asked = q;
    fetch("/api/v1/regions?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (found) {
        if (!found || input.value.trim() !== q) return;
        list.textContent = "";
        codes = {};
        found.items.forEach(function (hit) {
          var option = document.createElement("option");
          option.value = hit.path;
          codes[hit.path] = hit.code;
          list.appendChild(option);
        });
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    var code = codes[input.value];
    if (code) {
      setCode(code);
      route(code);
      return;
    }
    setCode("");
    showPreview("");
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
})();
// ---- end of /staf/aduan-baru ----

// ---- /staf/triase: keyboard shortcuts of the triage queue (ui/triage.rs) ----
// j / k move the focus to the next / previous candidate; on the candidate in focus (or the one
// holding the focus) a accepts it, m goes to its ticket field (merge), d to its dismissal
// reason. Ignored while typing in a field or with a modifier key held.
(function () {
  var list = document.querySelector(".kandidat-daftar");
  if (!list) return;
  function candidates() {
    return Array.prototype.slice.call(list.querySelectorAll("article.kandidat"));
  }
  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("article.kandidat") : null;
  }
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function show(el) {
    el.focus();
    if (el.scrollIntoView) el.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    var all = candidates();
    if (!all.length) return;
    var here = current();
    var at = here ? all.indexOf(here) : -1;
    if (e.key === "j" || e.key === "k") {
      var next = e.key === "j" ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0);
      show(all[next]);
      e.preventDefault();
      return;
    }
    if (!here) return;
    var target = here.querySelector("[data-pintasan='" + e.key + "']");
    if (!target) return;
    e.preventDefault();
    if (e.key === "a") {
      target.click();
    } else {
      target.focus();
    }
  });
})();
// ---- end of /staf/triase ----
