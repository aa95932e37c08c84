// Selecting rows for the bulk actions of the guest list and the invitation screen.
// Rows are re-rendered when filters change (Wagtail swaps #listing-results), so every
// handler is delegated from the document.
(function () {
  "use strict";

  function boxes(field) {
    return Array.from(document.querySelectorAll('input[data-reg-select="' + field + '"]'));
  }

  function refresh(form) {
    var field = form.dataset.regBulk;
    var count = boxes(field).filter(function (box) { return box.checked; }).length;
    var label = form.querySelector("[data-reg-count]");
    if (label) {
      label.textContent = count ? label.dataset.regSome.replace("__count__", count) : label.dataset.regNone;
    }
    form.classList.toggle("reg-bulk--empty", count === 0);
    form.querySelectorAll("[data-reg-needs-selection]").forEach(function (button) {
      button.disabled = count === 0;
    });
    var all = document.querySelector('[data-reg-select-all="' + field + '"]');
    if (all) {
      var total = boxes(field).length;
      all.checked = total > 0 && count === total;
      all.indeterminate = count > 0 && count < total;
    }
  }

  function forms() {
    return Array.from(document.querySelectorAll("form[data-reg-bulk]"));
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-reg-select-all]")) {
      boxes(target.dataset.regSelectAll).forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("[data-reg-select], [data-reg-select-all]")) {
      forms().forEach(refresh);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-reg-bulk]")) return;
    var button = event.submitter;
    if (button && button.dataset.regConfirm && !window.confirm(button.dataset.regConfirm)) {
      event.preventDefault();
      return;
    }
    // Come back to the list as it is now filtered (filters change the address without a reload).
    var next = form.querySelector("[data-reg-next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reg-export-all]");
    if (link) {
      var params = new URLSearchParams(window.location.search);
      params.delete("p");
      var format = document.getElementById("bulk-format");
      if (format) params.set("format", format.value);
      link.href = link.dataset.regExportAll + "?" + params.toString();
    }
  });

  // After Wagtail replaces the results, the new rows start unselected.
  document.addEventListener("w-swap:success", function () { forms().forEach(refresh); });
  document.addEventListener("DOMContentLoaded", function () { forms().forEach(refresh); });
})();
