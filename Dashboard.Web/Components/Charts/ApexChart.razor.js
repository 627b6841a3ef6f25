// One ApexCharts instance per element: created once, updated in place, destroyed with its component.
import ApexCharts from '../../lib/apexcharts/apexcharts.esm.js';

const charts = new WeakMap();

export async function create(element, optionsJson, dotnet) {
  // The page may have moved on while the module loaded: there is no element left to draw in.
  if (!element || !element.isConnected) return;
  const options = settled(element, fitTo(element, prepare(JSON.parse(optionsJson), dotnet)));
  const chart = new ApexCharts(element, options);
  charts.set(element, { chart, dotnet });
  await chart.render();
}

export async function update(element, optionsJson) {
  const entry = element && charts.get(element);
  if (!entry) return;
  await entry.chart.updateOptions(settled(element, fitTo(element, prepare(JSON.parse(optionsJson), entry.dotnet))), false, true);
}

export function highlight(element, seriesIndex, dataPointIndex) {
  const entry = element && charts.get(element);
  if (!entry) return;
  element.classList.toggle('apex-chart--highlighted', seriesIndex >= 0);
  for (const node of element.querySelectorAll('.apex-chart__focus')) node.classList.remove('apex-chart__focus');
  if (seriesIndex < 0) return;
  // Bars and markers sit in their series' group and carry the point's index in j.
  const node = element.querySelector(`.apexcharts-series[data\\:realIndex="${seriesIndex}"] [j="${dataPointIndex}"]`);
  if (node) node.classList.add('apex-chart__focus');
}

export function destroy(element) {
  const entry = element && charts.get(element);
  if (!entry) return;
  entry.chart.destroy();
  charts.delete(element);
}

// For tests and tools: data-drawn is true once the bars have grown to their values (a screenshot before shows them
// half-grown, without their labels).
function settled(element, options) {
  element.dataset.drawn = 'false';
  const events = options.chart?.events ?? {};
  const drawn = () => { scalable(element); element.dataset.drawn = 'true'; };
  // Without animation (a single year's chart: nothing grows) the chart is final once mounted or updated.
  const still = options.chart?.animations?.enabled === false;
  options.chart = {
    ...options.chart,
    events: { ...events, animationEnd: drawn, mounted: still ? drawn : undefined, updated: still ? drawn : () => scalable(element) },
  };
  return options;
}

// The drawing gets a viewBox of the size it was drawn at: a printed page (narrower than the screen) scales it to its
// column (app.css, @media print) instead of cutting it off. On screen nothing changes.
function scalable(element) {
  const svg = element.querySelector('svg.apexcharts-svg');
  const width = Number(svg?.getAttribute('width'));
  const height = Number(svg?.getAttribute('height'));
  if (width > 0 && height > 0) svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
}

// The chart takes exactly the height its element has (set by CSS: the page's height, or what the deck's card leaves),
// rather than ApexCharts' "100%" of the parent, which counts the card's title too and spills over.
function fitTo(element, options) {
  const height = element.clientHeight;
  if (height > 0) options.chart = { ...options.chart, height };
  return options;
}

// ApexCharts puts series names and tooltip texts into the page as HTML (legend, tooltip). Names come from the
// catalog and units from data anyone with the right may edit: they are shown as text, never interpreted.
const escapeHtml = text => String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// Options arrive as JSON; what JSON cannot say (formatters, event handlers) is added here.
function prepare(options, dotnet) {
  // Font sizes come in rem so charts grow with the page on wall screens; ApexCharts wants pixels.
  const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  remToPixels(options, rootPx);
  // A year without a figure arrives without y: make it an explicit gap.
  for (const series of options.series ?? []) {
    if (series.name != null) series.name = escapeHtml(series.name);
    for (const point of series.data ?? []) {
      if (!('y' in point)) point.y = null;
      for (const goal of point.goals ?? []) goal.name = escapeHtml(goal.name);
    }
  }
  const labelOf = (seriesIndex, dataPointIndex, w) =>
    w.config.series[seriesIndex]?.data?.[dataPointIndex]?.label;

  options.dataLabels = {
    ...options.dataLabels,
    formatter: (value, { seriesIndex, dataPointIndex, w }) => labelOf(seriesIndex, dataPointIndex, w) ?? value,
  };
  options.tooltip = {
    ...options.tooltip,
    // The title is the point's category: a year, or (one year's bars) an indicator's name — text, never markup.
    x: { formatter: value => Array.isArray(value) ? value.map(escapeHtml).join(' ') : escapeHtml(value ?? '') },
    y: { formatter: (value, { seriesIndex, dataPointIndex, w }) => value == null ? '无数据' : escapeHtml(labelOf(seriesIndex, dataPointIndex, w) ?? value) },
  };
  // One year: a gauge, a donut or bars of the indicators (ChartOptions.ForSingleYear); values are shown as written.
  const valueLabels = options.meta?.valueLabels;
  if (Array.isArray(options.labels)) options.labels = options.labels.map(escapeHtml);
  if (valueLabels && options.chart?.type !== 'bar') {
    const labelAt = index => valueLabels[index] ?? '';
    options.dataLabels = { ...options.dataLabels, formatter: (value, { seriesIndex }) => labelAt(seriesIndex) };
    options.tooltip = { ...options.tooltip, y: { formatter: (value, { seriesIndex }) => escapeHtml(labelAt(seriesIndex)) } };
    const radial = options.plotOptions?.radialBar?.dataLabels;
    if (radial) {
      radial.value = { ...radial.value, formatter: value => labelAt(options.series.findIndex(v => v === Number(value))) || `${value}%` };
      if (options.series.length > 1) radial.total = { show: false };
    }
    const total = options.plotOptions?.pie?.donut?.labels?.total;
    if (total && options.meta.total) total.formatter = () => options.meta.total;
    const donutValue = options.plotOptions?.pie?.donut?.labels?.value;
    if (donutValue) donutValue.formatter = (value, { seriesIndex } = {}) => labelAt(seriesIndex ?? -1) || value;
    // The legend names each part with its value as written: a wall screen has no figures beside the chart.
    if (options.chart?.type === 'donut') {
      options.legend = { ...options.legend, formatter: (name, { seriesIndex }) => `${name} ${escapeHtml(labelAt(seriesIndex))}` };
    }
  }
  // Bars drawn across: their value axis has whole-number ticks (ChartOptions.BarScale), written without “.0”.
  if (options.plotOptions?.bar?.horizontal) {
    options.xaxis = { ...options.xaxis, labels: { ...options.xaxis?.labels, formatter: value => String(Math.round(Number(value) * 100) / 100) } };
  }
  const totals = options.meta?.totals;
  if (totals && options.plotOptions?.bar?.dataLabels?.total) {
    options.plotOptions.bar.dataLabels.total.formatter = (value, { dataPointIndex }) => totals[dataPointIndex] ?? '';
  }
  options.chart = {
    ...options.chart,
    events: {
      dataPointSelection: (event, context, { seriesIndex, dataPointIndex }) => {
        const pointSeries = options.meta?.pointSeries;
        if (options.meta?.seriesOnly) {
          // One year, stacked by total: the bar's segment is the indicator.
          if (seriesIndex >= 0) dotnet.invokeMethodAsync('PointSelected', seriesIndex, 0);
        } else if (pointSeries) {
          // One year: each drawn slice, ring or bar is an indicator of the chart.
          const index = options.chart.type === 'radialBar' ? seriesIndex : dataPointIndex;
          if (index >= 0 && pointSeries[index] != null) dotnet.invokeMethodAsync('PointSelected', pointSeries[index], 0);
        } else if (dataPointIndex >= 0) {
          dotnet.invokeMethodAsync('PointSelected', seriesIndex, dataPointIndex);
        }
      },
      markerClick: (event, context, { seriesIndex, dataPointIndex }) => {
        if (dataPointIndex >= 0) dotnet.invokeMethodAsync('PointSelected', seriesIndex, dataPointIndex);
      },
    },
  };
  return options;
}

function remToPixels(node, rootPx) {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'fontSize' && typeof value === 'string' && value.endsWith('rem')) {
      node[key] = `${Math.round(parseFloat(value) * rootPx)}px`;
    } else if ((key === 'maxWidth' || key === 'offsetY') && typeof value === 'string' && value.endsWith('rem')) {
      node[key] = Math.round(parseFloat(value) * rootPx);
    } else if (typeof value === 'object') {
      remToPixels(value, rootPx);
    }
  }
}
