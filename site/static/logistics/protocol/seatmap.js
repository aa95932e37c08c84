// The seat map: pick a seat, then another, to swap them (mouse, touch or keyboard: seats are
// buttons), or drag one seat onto another. Both fill the swap form, which works without this script.
(function () {
  "use strict";
  const map = document.querySelector("[data-seatmap]");
  const form = document.querySelector("[data-seatmap-form]");
  if (!map || !form || map.hasAttribute("data-readonly")) return;
  const first = form.querySelector("[data-seatmap-first]");
  const second = form.querySelector("[data-seatmap-second]");
  let picked = null;

  function swap(a, b) {
    if (!a || !b || a === b) return;
    first.value = a;
    second.value = b;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  function unpick() {
    if (picked) picked.setAttribute("aria-pressed", "false");
    picked = null;
  }

  map.addEventListener("click", function (event) {
    const seat = event.target.closest("[data-seat]");
    if (!seat) return;
    if (picked === seat) return unpick();
    if (!picked) {
      picked = seat;
      seat.setAttribute("aria-pressed", "true");
      first.value = seat.dataset.seat;
      return;
    }
    const from = picked.dataset.seat;
    unpick();
    swap(from, seat.dataset.seat);
  });

  map.addEventListener("keydown", function (event) {
    if (event.key === "Escape") unpick();
  });

  map.addEventListener("dragstart", function (event) {
    const seat = event.target.closest("[data-seat]");
    if (!seat) return;
    event.dataTransfer.setData("text/plain", seat.dataset.seat);
    event.dataTransfer.effectAllowed = "move";
  });
  map.addEventListener("dragover", function (event) {
    const seat = event.target.closest("[data-seat]");
    if (!seat) return;
    event.preventDefault();
    seat.classList.add("is-drop-target");
  });
  map.addEventListener("dragleave", function (event) {
    const seat = event.target.closest("[data-seat]");
    if (seat) seat.classList.remove("is-drop-target");
  });
  map.addEventListener("drop", function (event) {
    const seat = event.target.closest("[data-seat]");
    if (!seat) return;
    event.preventDefault();
    swap(event.dataTransfer.getData("text/plain"), seat.dataset.seat);
  });
})();
