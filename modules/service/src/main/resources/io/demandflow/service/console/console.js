// demandflow planner console. Hand-written, no build step, no library, nothing from the internet:
// it polls the read-only query API of the instance that served it every 2 s and redraws.
// Every figure shown is an API figure (or a sum of them); data-* attributes carry the raw numbers
// so that tests can compare them with the API.
'use strict';

const REFRESH_MS = 2000;
const DECISIONS_SHOWN = 10;
const FEED_ENTRIES = 30;
const SVG = 'http://www.w3.org/2000/svg';
const REGION_COLOURS = {
  US: '#2f6fb3', CN: '#d1343e', DE: '#e0a21a', JP: '#7b2cbf', GB: '#2e8b57',
  KR: '#1aa3a3', SG: '#c05a9a', FR: '#6b8e23'
};
const SPARE_COLOURS = ['#8c564b', '#17becf', '#bcbd22', '#9467bd', '#ff7f0e', '#7f7f7f'];

const statuses = ['GRANTED', 'PARTIAL', 'REJECTED', 'RELEASED', 'REVOKED'];
const reasons = ['UNKNOWN_ORDER', 'NO_EXPORT_LICENSE', 'IMPORT_NOT_APPROVED', 'EXCEEDS_ORDER',
  'LICENSE_CAP', 'US_DEMAND_RESERVED', 'INSUFFICIENT_SUPPLY', 'ORDER_CHANGED',
  'US_PRIORITY_PREEMPTION'];

// Last seen signal sequence per product|period: a higher one means a signal was emitted.
const seenSignals = new Map();
let firstSignalPoll = true;

// ---------- small helpers ----------

function $(id) { return document.getElementById(id); }

function fmt(n) { return Number(n).toLocaleString('en-US'); }

function el(tag, attrs, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function cell(value, attrs) { return el('td', attrs, value); }

function numCell(value, attrs) {
  return el('td', Object.assign({ class: 'num', 'data-value': value }, attrs || {}), fmt(value));
}

function replaceRows(tbody, rows, columns, emptyText) {
  tbody.replaceChildren(...(rows.length ? rows
    : [el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText))]));
}

const spareColours = new Map();
function colourOf(region) {
  if (REGION_COLOURS[region]) return REGION_COLOURS[region];
  if (!spareColours.has(region)) {
    spareColours.set(region, SPARE_COLOURS[spareColours.size % SPARE_COLOURS.length]);
  }
  return spareColours.get(region);
}

function niceMax(value) {
  if (value <= 0) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function shortUnits(n) {
  if (n >= 1e6) return (n / 1e6).toFixed(n % 1e6 ? 1 : 0) + 'M';
  if (n >= 1e3) return (n / 1e3).toFixed(n % 1e3 ? 1 : 0) + 'k';
  return String(n);
}

// What an API answers 403 with: the signed-in role may not read it (docs/operations.md, Security).
const NOT_PERMITTED = Symbol('not permitted');

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (response.status === 403) return NOT_PERMITTED;
  const body = await response.json();
  if (!response.ok) throw new Error(path + ': ' + (body.error || response.status));
  return body;
}

// ---------- charts ----------

/** Axes, gridlines and y labels of a bar chart; returns the y scale. */
function frame(svg, width, height, pad, max) {
  const y = v => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    svg.append(el('svg:line', { class: 'axis', x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }));
    svg.append(el('svg:text', { x: pad.left - 4, y: y(v) + 3, 'text-anchor': 'end' }, shortUnits(v)));
  }
  return y;
}

/** Stacked bars: open units per month, one segment per region (all products). */
function drawDemand(regionRows) {
  const byPeriod = new Map();
  const totals = new Map();
  for (const { value } of regionRows) {
    if (!byPeriod.has(value.period)) byPeriod.set(value.period, new Map());
    const stack = byPeriod.get(value.period);
    stack.set(value.region, (stack.get(value.region) || 0) + value.openUnits);
    totals.set(value.region, (totals.get(value.region) || 0) + value.openUnits);
  }
  const periods = [...byPeriod.keys()].sort();
  const regions = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || a.localeCompare(b));
  const width = 900, height = 200, pad = { top: 10, right: 10, bottom: 22, left: 44 };
  const svg = el('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'open demand by region and month' });
  const max = niceMax(Math.max(0, ...periods.map(p => [...byPeriod.get(p).values()].reduce((a, b) => a + b, 0))));
  const y = frame(svg, width, height, pad, max);
  const slot = (width - pad.left - pad.right) / Math.max(1, periods.length);
  periods.forEach((period, i) => {
    const x = pad.left + i * slot + slot * 0.15;
    let base = 0;
    for (const region of regions) {
      const units = byPeriod.get(period).get(region) || 0;
      if (!units) continue;
      svg.append(el('svg:rect', { x, width: slot * 0.7, y: y(base + units), height: y(base) - y(base + units), fill: colourOf(region) },
        el('svg:title', {}, `${region} ${period}: ${fmt(units)} units`)));
      base += units;
    }
    svg.append(el('svg:text', { x: x + slot * 0.35, y: height - 7, 'text-anchor': 'middle' }, period));
  });
  if (!periods.length) {
    svg.append(el('svg:text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no open orders yet'));
  }
  $('demand-chart').replaceChildren(svg);
  $('demand-legend').replaceChildren(...regions.map(region =>
    el('span', { 'data-testid': 'region-total', 'data-region': region, 'data-value': totals.get(region) },
      el('i', { class: 'swatch', style: `background:${colourOf(region)}` }), region + ' ', el('b', {}, fmt(totals.get(region))))));
}

/** Per product: eligible (and ineligible) demand per month against supply, shortfall marked. */
function drawSupply(regionRows, ledgerRows) {
  const figures = new Map(); // product -> period -> {eligible, ineligible, supply}
  const entry = (product, period) => {
    if (!figures.has(product)) figures.set(product, new Map());
    const periods = figures.get(product);
    if (!periods.has(period)) periods.set(period, { eligible: 0, ineligible: 0, supply: 0 });
    return periods.get(period);
  };
  for (const { value } of regionRows) {
    const f = entry(value.product, value.period);
    f.eligible += value.eligibleUnits;
    f.ineligible += value.ineligibleUnits;
  }
  for (const { value } of ledgerRows) entry(value.product, value.period).supply = value.supplyUnits;
  const charts = [...figures.keys()].sort().map(product => {
    const periods = [...figures.get(product).keys()].sort();
    const width = 440, height = 200, pad = { top: 14, right: 8, bottom: 22, left: 44 };
    const svg = el('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `supply and demand of ${product}` });
    const max = niceMax(Math.max(0, ...periods.map(p => {
      const f = figures.get(product).get(p);
      return Math.max(f.eligible + f.ineligible, f.supply);
    })));
    const y = frame(svg, width, height, pad, max);
    const slot = (width - pad.left - pad.right) / Math.max(1, periods.length);
    for (const [i, period] of periods.entries()) {
      const f = figures.get(product).get(period);
      const x = pad.left + i * slot + slot * 0.2, w = slot * 0.6;
      const key = product + '|' + period;
      const group = el('svg:g', { 'data-testid': 'supply-bar', 'data-key': key, 'data-eligible': f.eligible, 'data-supply': f.supply },
        el('svg:title', {}, `${product} ${period}: eligible ${fmt(f.eligible)}, ineligible ${fmt(f.ineligible)}, supply ${fmt(f.supply)}`));
      group.append(el('svg:rect', { x, width: w, y: y(f.eligible), height: y(0) - y(f.eligible), fill: 'var(--eligible)' }));
      group.append(el('svg:rect', { x, width: w, y: y(f.eligible + f.ineligible), height: y(f.eligible) - y(f.eligible + f.ineligible), fill: 'var(--ineligible)' }));
      if (f.eligible > f.supply) {
        // The shortfall: the part of eligible demand above supply, in red.
        group.append(el('svg:rect', { class: 'shortfall-mark', x: x + w * 0.35, width: w * 0.3, y: y(f.eligible), height: y(f.supply) - y(f.eligible) }));
        group.append(el('svg:text', { class: 'shortfall-label', x: x + w / 2, y: y(f.eligible) - 3, 'text-anchor': 'middle' }, '−' + shortUnits(f.eligible - f.supply)));
      }
      group.append(el('svg:line', { class: 'supply-mark', x1: x - 3, x2: x + w + 3, y1: y(f.supply), y2: y(f.supply) }));
      svg.append(group);
      svg.append(el('svg:text', { x: x + w / 2, y: height - 7, 'text-anchor': 'middle' }, period));
    }
    return el('div', {}, el('h3', {}, product), svg);
  });
  $('supply-charts').replaceChildren(...(charts.length ? charts : [el('p', {}, 'no demand or supply yet')]));
}

/** A half-circle gauge of covered / demand, in tenths of a percent computed from integers. */
function gauge(product, covered, demand) {
  const tenths = demand ? Math.floor((covered * 1000) / demand) : null;
  const share = tenths === null ? 0 : tenths / 1000;
  const r = 60, cx = 75, cy = 72;
  const angle = Math.PI * (1 - share);
  const arc = (to, colour) => el('svg:path', {
    d: `M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${cx + r * Math.cos(to)} ${cy - r * Math.sin(to)}`,
    fill: 'none', stroke: colour, 'stroke-width': 12
  });
  const colour = share >= 0.999 ? 'var(--ok)' : share >= 0.8 ? '#c98a12' : 'var(--shortfall)';
  const svg = el('svg:svg', { viewBox: '0 0 150 90' }, arc(0.0001, '#e3e6eb'));
  if (share > 0) svg.append(arc(angle, colour));
  const label = tenths === null ? '–' : `${Math.floor(tenths / 10)}.${tenths % 10} %`;
  svg.append(el('svg:text', { class: 'value', x: cx, y: cy - 4, 'text-anchor': 'middle' }, label));
  return el('div', { class: 'gauge', 'data-testid': 'coverage-gauge', 'data-product': product },
    svg, el('div', { class: 'name' }, product, el('br'), demand ? `${fmt(covered)} of ${fmt(demand)} US units` : 'no US demand'));
}

function drawLedger(ledgerRows) {
  const byProduct = new Map();
  for (const { value } of ledgerRows) {
    const p = byProduct.get(value.product) || { covered: 0, demand: 0 };
    p.covered += value.usCoveredUnits;
    p.demand += value.usDemandUnits;
    byProduct.set(value.product, p);
  }
  $('gauges').replaceChildren(...[...byProduct.keys()].sort().map(product =>
    gauge(product, byProduct.get(product).covered, byProduct.get(product).demand)));
  // R5's promise per product and month: grants abroad leave open US demand (or all supply)
  // covered, S − G_X ≥ min(D_US, S). Coverage below 100 % with the promise kept is a supply
  // shortage, not China taking US units.
  const kept = ledgerRows.filter(({ value }) =>
    value.supplyUnits - value.nonUsGrantedUnits >= Math.min(value.usDemandUnits, value.supplyUnits)).length;
  $('us-promise').textContent = ledgerRows.length === 0 ? '' :
    `Grants to other regions leave US demand covered in ${kept} of ${ledgerRows.length} product-months (S − G_X ≥ min(D_US, S)).`;
  replaceRows($('ledger-rows'), ledgerRows.map(({ key, value }) => el('tr', { 'data-key': key },
    cell(value.product), cell(value.period), numCell(value.supplyUnits), numCell(value.usDemandUnits),
    numCell(value.usGrantedUnits), numCell(value.nonUsGrantedUnits),
    cell(value.usCoveragePercent === null ? '–' : value.usCoveragePercent + ' %',
      { class: 'num', 'data-testid': 'coverage-cell', 'data-key': key, 'data-value': value.usCoveragePercent ?? '' }))),
  7, 'no ledger figures yet');
}

function drawRevenue(rows) {
  replaceRows($('revenue-rows'), rows.map(({ key, value }) => el('tr', { 'data-key': key },
    cell(value.region), cell(value.quarter), numCell(value.grantedUnits),
    cell('$' + value.grossValue, { class: 'num' }),
    cell('$' + value.shareAmount, { class: 'num', 'data-testid': 'share-amount', 'data-key': key, 'data-value': value.shareAmount }))),
  5, 'no revenue share accrued yet');
}

function drawDecisions(answer) {
  $('decision-count').textContent = fmt(answer.count);
  $('decision-count').dataset.value = answer.count;
  $('status-counts').replaceChildren(...Object.entries(answer.byStatus || {}).map(([status, n]) =>
    el('span', { 'data-testid': 'status-count', 'data-status': status, 'data-value': n }, el('span', { class: 'pill ' + status }, status), ' ' + fmt(n) + '  ')));
  replaceRows($('decision-rows'), answer.rows.map(({ value }) => el('tr', { 'data-testid': 'decision-row' },
    cell(value.grantSequence, { class: 'num' }), cell(value.allocationId), cell(value.orderId),
    cell(value.customerId ?? '–'), cell(value.region ?? '–'), cell(value.product ?? '–'), cell(value.period ?? '–'),
    numCell(value.requestedUnits), numCell(value.grantedUnits),
    el('td', {}, el('span', { class: 'pill ' + value.status }, value.status)), cell(value.reason ?? ''))),
  11, 'no decisions match');
}

function drawSignals(rows) {
  const ordered = [...rows].sort((a, b) =>
    (b.value.inShortage - a.value.inShortage) || a.key.localeCompare(b.key));
  replaceRows($('signal-rows'), ordered.map(({ key, value }) => {
    const eligible = Object.values(value.eligibleUnitsByRegion || {}).reduce((a, b) => a + b, 0);
    const state = value.inShortage ? 'SHORTAGE' : 'OK';
    return el('tr', { 'data-key': key },
      cell(value.product), cell(value.period), el('td', {}, el('span', { class: 'pill ' + state }, state)),
      numCell(eligible), numCell(value.supplyUnits), numCell(eligible - value.supplyUnits),
      numCell(value.lastRecommendedUnits), numCell(value.sequence));
  }), 8, 'no demand or supply yet');

  // The feed: signals emitted (a key's sequence moved) since the page opened, newest first. The
  // kind follows from the state change (R7): into SHORTAGE = INCREASE, out of it = RESOLVED, else
  // UPDATE. On the first poll, keys that already have signals are listed with their state.
  const feed = $('signal-feed');
  const fresh = [];
  for (const { key, value } of rows) {
    const before = seenSignals.get(key);
    if (value.sequence > (before ? before.sequence : 0)) {
      const kind = firstSignalPoll ? (value.inShortage ? 'SHORTAGE' : 'RESOLVED')
        : !value.inShortage ? 'RESOLVED' : before && before.inShortage ? 'UPDATE' : 'INCREASE';
      fresh.push(el('li', { 'data-key': key, 'data-kind': kind },
        `${new Date().toISOString().slice(11, 19)}  ${value.product} ${value.period} #${value.sequence} `,
        el('span', { class: 'pill ' + (value.inShortage ? 'SHORTAGE' : 'OK') }, kind),
        value.inShortage ? ` recommend +${fmt(value.lastRecommendedUnits)} units` : ''));
    }
    seenSignals.set(key, { sequence: value.sequence, inShortage: value.inShortage });
  }
  firstSignalPoll = false;
  feed.querySelector('li.empty')?.remove();
  feed.prepend(...fresh.reverse());
  while (feed.children.length > FEED_ENTRIES) feed.lastChild.remove();
  if (!feed.children.length) feed.append(el('li', { class: 'empty' }, 'no signals yet (evaluated on a cadence)'));
}

// ---------- polling ----------

/** Draws a panel, or marks it "not permitted" when the role may not read one of its answers. */
function panel(id, answers, draw) {
  const refused = answers.includes(NOT_PERMITTED);
  $(id).classList.toggle('not-permitted', refused);
  if (!refused) draw();
}

function decisionsPath() {
  const query = new URLSearchParams({ limit: String(DECISIONS_SHOWN) });
  if ($('status-filter').value) query.set('status', $('status-filter').value);
  if ($('reason-filter').value) query.set('reason', $('reason-filter').value);
  return '/api/allocations?' + query;
}

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  const status = $('status');
  try {
    const [regions, ledger, decisions, revenue, signals] = await Promise.all([
      getJson('/api/demand/regions'), getJson('/api/ledger'), getJson(decisionsPath()),
      getJson('/api/revenue-share'), getJson('/api/signals')]);
    panel('demand-panel', [regions], () => drawDemand(regions.rows));
    panel('supply-panel', [regions, ledger], () => drawSupply(regions.rows, ledger.rows));
    panel('coverage-panel', [ledger], () => drawLedger(ledger.rows));
    panel('decisions-panel', [decisions], () => drawDecisions(decisions));
    panel('revenue-panel', [revenue], () => drawRevenue(revenue.rows));
    panel('signals-panel', [signals], () => drawSignals(signals.rows));
    status.textContent = 'live · updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
    status.className = 'status live';
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  } catch (error) {
    // Keep the last figures on screen; say why they are not fresh (e.g. a rebalance: 503).
    status.textContent = 'not updated: ' + error.message;
    status.className = 'status error';
  } finally {
    refreshing = false;
  }
}

function init() {
  for (const [id, values] of [['status-filter', statuses], ['reason-filter', reasons]]) {
    const select = $(id);
    values.forEach(v => select.append(el('option', { value: v }, v)));
    select.addEventListener('change', refresh);
  }
  refresh();
  setInterval(refresh, REFRESH_MS);
}

init();
