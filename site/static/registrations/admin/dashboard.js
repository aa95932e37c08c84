// The dashboard's chart of answers over time, drawn from the JSON the page carries.
(function () {
  "use strict";

  var COLOURS = { accepted: "#2e7d32", declined: "#c62828", applied: "#1f4e79" };

  function draw() {
    var source = document.getElementById("reg-responses-data");
    var canvas = document.getElementById("reg-responses-chart");
    if (!source || !canvas || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          var colour = COLOURS[set.key] || "#555555";
          return {
            label: set.label,
            data: set.data,
            borderColor: colour,
            backgroundColor: colour,
            pointRadius: data.labels.length > 60 ? 0 : 3,
            tension: 0.2,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
