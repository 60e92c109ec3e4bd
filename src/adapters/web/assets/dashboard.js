// Draws the overview's charts from the page's JSON data block (no inline script: the page's
// Content-Security-Policy allows scripts from this server only). The same numbers are in the tables.
(function () {
  'use strict';
  var block = document.getElementById('page-data');
  if (!block || typeof window.Chart === 'undefined') return;
  var data = JSON.parse(block.textContent || '{}');
  var charts = data.charts || [];
  var GREEN = '#15803d';
  var GREY = '#94a3b8';
  var AMBER = '#d97706';
  charts.forEach(function (c) {
    var canvas = document.getElementById(c.id);
    if (!canvas) return;
    var datasets = c.series.map(function (s, i) {
      return {
        label: s.label,
        data: s.values,
        backgroundColor: [GREEN, GREY, AMBER][i % 3],
        borderRadius: 3,
        maxBarThickness: 36,
      };
    });
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: c.labels, datasets: datasets },
      options: {
        indexAxis: c.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.raw;
                return ctx.dataset.label + ': ' + (v === null ? '—' : v.toLocaleString(data.locale) + (c.unit || ''));
              },
            },
          },
        },
        scales: (function () {
          var value = { beginAtZero: true, ticks: { callback: function (v) { return v + (c.unit || ''); } } };
          if (c.max) value.max = c.max;
          return c.horizontal ? { x: value } : { y: value };
        })(),
      },
    });
  });
})();
