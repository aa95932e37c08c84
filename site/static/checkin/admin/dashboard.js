// The check-in dashboard: draws the arrivals chart, then fetches the page again every few
// seconds and swaps in its figures, so the desk sees the gates fill up without reloading.
(function () {
  "use strict";

  var chart = null;

  function draw() {
    var source = document.getElementById("ck-arrivals-data");
    var canvas = document.getElementById("ck-arrivals-chart");
    if (chart) { chart.destroy(); chart = null; }
    if (!source || !canvas || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    chart = new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.data,
          borderColor: "#2e7d32",
          backgroundColor: "rgba(46, 125, 50, 0.15)",
          fill: true,
          pointRadius: data.labels.length > 60 ? 0 : 3,
          stepped: true,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function refresh(live) {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-checkin-live]");
        if (!fresh) return;
        live.innerHTML = fresh.innerHTML;
        draw();
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  function start() {
    draw();
    var live = document.querySelector("[data-checkin-live]");
    if (!live) return;
    var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 15;
    window.setInterval(function () {
      if (!document.hidden) refresh(live);
    }, seconds * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
