/* compliance serve: a little progressive JavaScript. Every page works without it.
 *
 * Report page: filters of the findings by outcome and severity, and each finding closed to its
 * subject and message, with a button that opens its article, numbers and explanation.
 * What-if page: one comune or owner at a time; errors of the last evaluation cleared before the
 * next one (htmx sends the values, static/htmx.min.js).
 */
(function () {
  "use strict";

  var OUTCOMES = ["non_conforme", "non_valutabile", "giustificato"];
  var SEVERITIES = ["violazione", "avviso", "informazione"];
  // the report's cards: a class k-<kind> (compliance/report/view.py: violazione, avviso,
  // informazione for a finding that is non conforme, dati for one that cannot be assessed,
  // giustificato); the page may give each card's outcome and severity (data-cards)
  var KIND_OUTCOME = { violazione: "non_conforme", avviso: "non_conforme", informazione: "non_conforme",
                       dati: "non_valutabile", giustificato: "giustificato" };

  function kindOf(card) {
    var found = null;
    Object.keys(KIND_OUTCOME).forEach(function (k) {
      if (!found && card.classList.contains("k-" + k)) found = k;
    });
    return found;
  }

  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function enhanceReport() {
    var texts = document.getElementById("cw-texts");
    var findings = Array.prototype.slice.call(document.querySelectorAll(".cw-report .compliance-report .card"));
    if (!texts || !findings.length) return;
    var d = texts.dataset;
    var toggles = [];
    var given = null;
    try { given = d.cards ? JSON.parse(d.cards) : null; } catch (e) { given = null; }
    if (given && given.length !== findings.length) given = null;

    findings.forEach(function (finding, index) {
      var kind = kindOf(finding);
      finding.dataset.outcome = given ? given[index][0] : (KIND_OUTCOME[kind] || "");
      finding.dataset.severity = given ? given[index][1] : (SEVERITIES.indexOf(kind) >= 0 ? kind : "");
      var heading = finding.querySelector("h3, h4");
      var message = null;
      var rest = [];
      Array.prototype.slice.call(finding.children).forEach(function (child) {
        if (child === heading) return;
        if (!message && child.tagName === "P") { message = child; return; }
        if (child.classList.contains("todo")) return;  // what to do stays in view
        rest.push(child);
      });
      if (!rest.length) return;
      var region = make("div", { id: "cw-dettagli-" + index, "class": "cw-finding-details" });
      rest.forEach(function (child) { region.appendChild(child); });
      region.hidden = true;
      var button = make("button", { type: "button", "class": "cw-toggle", "aria-expanded": "false",
                                    "aria-controls": region.id }, d.details);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        region.hidden = !open;
      });
      finding.appendChild(button);
      finding.appendChild(region);
      toggles.push(button);
    });

    var panel = make("div", { "class": "cw-filters", role: "group", "aria-labelledby": "cw-filtri-titolo" });
    panel.appendChild(make("p", { id: "cw-filtri-titolo", "class": "cw-filters-title" }, d.filters));
    var boxes = [];
    function group(legend, name, values, attr) {
      var present = values.filter(function (v) {
        return findings.some(function (f) { return f.dataset[attr] === v; });
      });
      if (!present.length) return;
      var fieldset = make("fieldset", { "class": "cw-filter-group" });
      fieldset.appendChild(make("legend", {}, legend));
      present.forEach(function (v) {
        var n = findings.filter(function (f) { return f.dataset[attr] === v; }).length;
        var id = "cw-filtro-" + v;
        var box = make("input", { type: "checkbox", id: id, name: name, value: v, checked: "checked" });
        box.dataset.attr = attr;
        var label = make("label", { "for": id }, (d[v] || v) + " (" + n + ")");
        var span = make("span", { "class": "cw-check" });
        span.appendChild(box);
        span.appendChild(label);
        fieldset.appendChild(span);
        boxes.push(box);
      });
      panel.appendChild(fieldset);
    }
    group(d.outcome, "esito", OUTCOMES, "outcome");
    group(d.severity, "gravita", SEVERITIES, "severity");
    var buttons = make("div", { "class": "cw-buttons" });
    var openAll = make("button", { type: "button", "class": "cw-button" }, d.expand);
    var closeAll = make("button", { type: "button", "class": "cw-button" }, d.collapse);
    function setAll(open) {
      toggles.forEach(function (b) {
        if (b.getAttribute("aria-expanded") !== String(open)) b.click();
      });
    }
    openAll.addEventListener("click", function () { setAll(true); });
    closeAll.addEventListener("click", function () { setAll(false); });
    buttons.appendChild(openAll);
    buttons.appendChild(closeAll);
    panel.appendChild(buttons);
    var count = make("p", { "class": "cw-count", "aria-live": "polite" });
    panel.appendChild(count);

    function apply() {
      var wanted = { outcome: {}, severity: {} };
      boxes.forEach(function (b) { wanted[b.dataset.attr][b.value] = b.checked; });
      var shown = 0;
      findings.forEach(function (f) {
        var ok = wanted.outcome[f.dataset.outcome] !== false && wanted.severity[f.dataset.severity] !== false;
        f.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".cw-report .compliance-report p.more"), function (p) {
        p.hidden = wanted.outcome.non_valutabile === false;
      });
      count.textContent = (shown === 1 ? d.countOne : d.count).replace("{shown}", shown).replace("{total}", findings.length);
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    findings[0].parentNode.insertBefore(panel, findings[0]);
    apply();
  }

  function enhanceWhatIf() {
    var form = document.getElementById("whatif");
    if (!form) return;
    var select = document.getElementById("gruppo");
    var sweep = document.getElementById("sweep_control");
    var sweepTouched = false;
    if (sweep) sweep.addEventListener("change", function () { sweepTouched = true; });
    function show() {
      var chosen = select.value;
      Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-group]"), function (fs) {
        fs.hidden = fs.id !== chosen;
      });
      if (sweep && !sweepTouched) {
        var first = document.querySelector("#" + CSS.escape(chosen) + " .cw-ctl");
        if (first) sweep.value = first.name;
      }
    }
    if (select) {
      select.addEventListener("change", show);
      show();
    }
    function markInvalid() {
      Array.prototype.forEach.call(form.querySelectorAll(".cw-err[data-for]"), function (err) {
        var input = document.getElementById(err.dataset.for);
        var bad = err.textContent.trim() !== "";
        if (!input) return;
        if (bad) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
        var row = input.closest(".cw-ctl-row");
        if (row) row.classList.toggle("cw-invalid", bad);
        if (bad) {
          var fs = input.closest("fieldset[data-group]");
          if (fs && fs.hidden && select) { select.value = fs.id; show(); }
        }
      });
    }
    document.body.addEventListener("htmx:beforeRequest", function (evt) {
      if (evt.detail.target && evt.detail.target.id !== "esito") return;
      Array.prototype.forEach.call(form.querySelectorAll(".cw-err[data-for]"), function (err) {
        err.textContent = "";
      });
      markInvalid();
    });
    document.body.addEventListener("htmx:afterSettle", markInvalid);
    document.body.addEventListener("htmx:oobAfterSwap", markInvalid);
  }

  function guardUploads() {
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-max-bytes]"), function (input) {
      input.addEventListener("change", function () {
        var max = Number(input.dataset.maxBytes);
        var file = input.files && input.files[0];
        var hint = document.getElementById(input.getAttribute("aria-describedby").split(" ")[0]);
        input.setCustomValidity(file && file.size > max ? (hint ? hint.textContent : "") : "");
      });
    });
  }

  function start() {
    enhanceReport();
    enhanceWhatIf();
    guardUploads();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
