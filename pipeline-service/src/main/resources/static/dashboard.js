// The live dashboard: one server-sent event per second from /dashboard/stream, rendered into cards that are
// created once per coordinator and provider and then only updated, so the page does not flicker.
// No framework and no external URL: the page must work on a machine without internet.
(function () {
  'use strict';

  const HISTORY = 60; // points kept for the sparklines: a minute at one snapshot a second
  const STALE_AFTER_MS = 4000;

  const $ = (selector, root) => (root || document).querySelector(selector);
  const history = { queue: new Map(), sent: new Map() };
  const loopHistory = { capacity: [], paced: [], sent: [] };
  const loopSamples = []; // [{bars, at}] over every provider, for rows per second
  const sentSamples = new Map(); // provider -> [{bars, at}] to derive bars per second
  const RATE_WINDOW = 6;
  let lastSnapshotAt = 0;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function fact(label, valueNode) {
    return el('div', {}, [el('dt', { text: label }), el('dd', {}, [valueNode])]);
  }

  function num(testid) {
    return el('span', { 'data-testid': testid, text: '–' });
  }

  function setNumber(root, testid, value, digits) {
    const node = $('[data-testid="' + testid + '"]', root);
    if (!node) return;
    if (value === null || value === undefined || Number.isNaN(value)) {
      node.textContent = '–';
      node.removeAttribute('data-value');
      return;
    }
    node.setAttribute('data-value', String(value));
    node.textContent = Number(value).toLocaleString('en-US', {
      minimumFractionDigits: digits || 0,
      maximumFractionDigits: digits || 0,
    });
  }

  function setText(root, testid, value) {
    const node = $('[data-testid="' + testid + '"]', root);
    if (node) node.textContent = value === null || value === undefined ? '–' : String(value);
    return node;
  }

  function setLevelClass(node, level) {
    node.classList.remove('level-ok', 'level-soft', 'level-hard');
    if (level) node.classList.add('level-' + level);
  }

  function setBadge(node, value, prefix) {
    node.className = 'badge ' + (value || 'unknown');
    node.setAttribute('data-value', value || '');
    node.textContent = (prefix || '') + (value ? value.replace('_', ' ') : '?');
  }

  function pushHistory(map, key, value) {
    const points = map.get(key) || [];
    points.push(value);
    if (points.length > HISTORY) points.shift();
    map.set(key, points);
    return points;
  }

  function drawSpark(svg, points, max) {
    const top = Math.max(max || 0, ...points, 1);
    const step = 100 / (HISTORY - 1);
    const offset = HISTORY - points.length;
    const coords = points.map((v, i) => ((offset + i) * step).toFixed(2) + ',' + (30 - (v / top) * 28).toFixed(2));
    svg.firstChild.setAttribute('points', coords.join(' '));
  }

  function sparkline(label) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 100 32');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-label', label);
    svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'polyline'));
    return svg;
  }

  // ---- coordinators -------------------------------------------------------------------------------------

  function coordinatorCard(id) {
    const levelBadge = el('span', { class: 'badge', 'data-testid': 'level', title: 'pressure level' });
    const circuitBadge = el('span', { class: 'badge', 'data-testid': 'circuit-state', title: 'circuit breaker' });
    const mark = (name) => el('div', { class: 'mark ' + name }, [
      el('span', {}, [document.createTextNode(name + ' '), num(name + '-watermark')])]);
    return el('article', { class: 'card coordinator', 'data-coordinator': id }, [
      el('header', {}, [el('h3', { text: id }), el('div', { class: 'badges' }, [circuitBadge, levelBadge])]),
      el('div', { class: 'queue' }, [
        el('div', { class: 'bar', role: 'meter', 'aria-label': 'queue of ' + id }, [el('div', { class: 'fill' })]),
        mark('low'),
        mark('high'),
      ]),
      el('div', { class: 'stats' }, [
        stat('queue', [num('queue-size'), el('small', {}, [document.createTextNode(' / '), num('capacity')])]),
        stat('workers', [num('workers-alive'), el('small', {}, [document.createTextNode(' / '), num('workers')])]),
        stat('drain rate', [num('drain-rate'), el('small', { text: ' rows/s' })]),
        stat('queue delay', [num('queue-delay'), el('small', { text: ' ms' })]),
        stat('last feedback', [
          el('span', { 'data-testid': 'feedback-level', text: '–' }),
          el('small', {}, [document.createTextNode(' '), num('feedback-age'), document.createTextNode(' s ago')])]),
      ]),
      sparkline('queue size over the last minute'),
      el('div', { class: 'footnote' }, [
        document.createTextNode('queue, last minute · feedback seq '),
        el('span', { class: 'mono', 'data-testid': 'feedback-seq', text: '–' })]),
    ]);
  }

  function stat(label, valueNodes) {
    return el('div', { class: 'stat' }, [el('small', { class: 'label', text: label }), el('div', {}, valueNodes)]);
  }

  function renderCoordinator(card, c) {
    const capacity = c.capacity || 0;
    const pct = (v) => (capacity > 0 && v !== null && v !== undefined ? Math.min(100, (100 * v) / capacity) : null);
    setLevelClass(card, c.level);
    setBadge($('[data-testid="level"]', card), c.level);
    const circuit = $('[data-testid="circuit-state"]', card);
    setBadge(circuit, c.circuit_state, 'circuit ');
    circuit.hidden = !c.circuit_state; // only the store's health knows it
    const fillPct = pct(c.queue_size);
    // A queue of a few items still shows as a sliver, so "empty" and "nearly empty" look different.
    $('.fill', card).style.width = fillPct === null || c.queue_size === 0 ? '0' : Math.max(fillPct, 0.8) + '%';
    const bar = $('.bar', card);
    bar.classList.toggle('no-marks', c.low_watermark == null || c.high_watermark == null);
    [['low', c.low_watermark], ['high', c.high_watermark]].forEach(([name, value]) => {
      const mark = $('.mark.' + name, card);
      const at = pct(value);
      mark.hidden = at === null;
      if (at !== null) {
        mark.style.left = at + '%';
        mark.classList.toggle('near-end', at > 85);
        mark.classList.toggle('near-start', at < 15);
        bar.style.setProperty('--' + name, at + '%');
      }
    });
    setNumber(card, 'queue-size', c.queue_size);
    setNumber(card, 'capacity', c.capacity);
    setNumber(card, 'low-watermark', c.low_watermark);
    setNumber(card, 'high-watermark', c.high_watermark);
    setNumber(card, 'workers-alive', c.workers_alive);
    setNumber(card, 'workers', c.workers);
    const heard = setText(card, 'feedback-level', c.feedback_level || 'none yet');
    heard.className = 'level-text ' + (c.feedback_level || '');
    setNumber(card, 'feedback-age', c.feedback_age_seconds, 1);
    setNumber(card, 'drain-rate', c.drain_rate, 0);
    setNumber(card, 'queue-delay', c.queue_delay_ms, 0);
    const seq = setText(card, 'feedback-seq', c.feedback_seq);
    if (c.feedback_seq === null || c.feedback_seq === undefined) seq.removeAttribute('data-value');
    else seq.setAttribute('data-value', String(c.feedback_seq));
    drawSpark($('.spark', card), pushHistory(history.queue, c.id, c.queue_size || 0), c.low_watermark || 0);
  }

  // ---- providers ----------------------------------------------------------------------------------------

  function providerCard(name) {
    return el('article', { class: 'card provider', 'data-provider': name }, [
      el('header', {}, [el('h3', { text: name }),
        el('div', { class: 'badges' }, [
          el('span', { class: 'badge', 'data-testid': 'pressure-level', title: 'pressure' })])]),
      el('div', { class: 'numbers' }, [
        el('div', { class: 'big' }, [num('scale'), el('small', { text: 'scale' })]),
        el('div', { class: 'big' }, [num('effective-rate'), el('small', { text: 'effective rate (bars/s)' })]),
        el('div', { class: 'big' }, [num('sent-rate'), el('small', { text: 'sent (bars/s)' })]),
      ]),
      el('div', { class: 'scale-meter', title: 'scale' }, [el('div')]),
      sparkline('bars sent per second over the last minute'),
      el('dl', { class: 'facts' }, [
        fact('base rate', num('base-rate')),
        fact('bars sent', num('bars-sent')),
        fact('dead-lettered', num('dead-lettered')),
        fact('tokens', el('span', {}, [num('tokens'), document.createTextNode(' / '), num('bucket-capacity')])),
        fact('breaker', el('span', { 'data-testid': 'breaker', text: '–' })),
      ]),
    ]);
  }

  function renderProvider(card, p, at) {
    setLevelClass(card, p.pressure_level);
    setBadge($('[data-testid="pressure-level"]', card), p.pressure_level);
    setText(card, 'breaker', p.breaker ? p.breaker.replace('_', ' ') : null);
    setNumber(card, 'scale', p.scale, 2);
    setNumber(card, 'effective-rate', p.effective_rate, 0);
    setNumber(card, 'base-rate', p.base_rate, 0);
    setNumber(card, 'bars-sent', p.bars_sent);
    setNumber(card, 'dead-lettered', p.dead_lettered);
    card.classList.toggle('has-dead-letters', (p.dead_lettered || 0) > 0);
    setNumber(card, 'tokens', p.tokens, 1);
    setNumber(card, 'bucket-capacity', p.capacity);
    $('.scale-meter div', card).style.width = Math.round(100 * Math.max(0, Math.min(1, p.scale))) + '%';
    // Bars per second over the last few snapshots: one second alone is too jumpy (batches of 100).
    const samples = pushHistory(sentSamples, p.name, { bars: p.bars_sent, at });
    const window = samples.slice(-RATE_WINDOW);
    const first = window[0];
    if (window.length > 1 && at > first.at) {
      const rate = Math.max(0, (p.bars_sent - first.bars) / ((at - first.at) / 1000));
      setNumber(card, 'sent-rate', rate, 0);
      drawSpark($('.spark', card), pushHistory(history.sent, p.name, rate), p.effective_rate);
    }
  }

  // ---- the loop -----------------------------------------------------------------------------------------

  function drawLines(points) {
    const all = [].concat(points.capacity, points.paced, points.sent).filter((v) => v !== null);
    const top = Math.max(1, ...all) * 1.1;
    const step = 100 / (HISTORY - 1);
    Object.entries(points).forEach(([name, values]) => {
      const offset = HISTORY - values.length;
      const coords = [];
      values.forEach((v, i) => {
        if (v !== null) coords.push(((offset + i) * step).toFixed(2) + ',' + (40 - (v / top) * 38).toFixed(2));
      });
      $('#loop-chart .' + name).setAttribute('points', coords.join(' '));
    });
  }

  function renderLoop(s, at) {
    const f = s.feedback;
    setText(document, 'loop-policy', f.policy);
    setNumber(document, 'loop-capacity', f.capacity, 0);
    setText(document, 'loop-capacity-coordinator', f.capacity_coordinator);
    setNumber(document, 'loop-paced-rate', f.paced_rate, 0);
    const target = $('[data-testid="loop-target-delay"]');
    target.textContent = f.target_delay_seconds == null ? '–' : Math.round(f.target_delay_seconds * 1000) + ' ms';
    const constraining = s.coordinators.find((c) => c.id === f.capacity_coordinator);
    setNumber(document, 'loop-queue-delay', constraining ? constraining.queue_delay_ms : null, 0);
    // Rows per second the store accepted, over the last few snapshots (batches make one second jumpy).
    const bars = s.providers.reduce((sum, p) => sum + (p.bars_sent || 0), 0);
    loopSamples.push({ bars, at });
    if (loopSamples.length > RATE_WINDOW) loopSamples.shift();
    const first = loopSamples[0];
    const sent = loopSamples.length > 1 && at > first.at ? Math.max(0, (bars - first.bars) / ((at - first.at) / 1000)) : null;
    setNumber(document, 'loop-sent-rate', sent, 0);
    [['capacity', f.capacity], ['paced', f.paced_rate], ['sent', sent]].forEach(([name, value]) => {
      loopHistory[name].push(value === undefined ? null : value);
      if (loopHistory[name].length > HISTORY) loopHistory[name].shift();
    });
    drawLines(loopHistory);
  }

  // ---- shared -------------------------------------------------------------------------------------------

  function renderKeyed(container, items, key, create, render) {
    const wanted = new Set(items.map(key));
    const cards = new Map();
    container.querySelectorAll(':scope > .card').forEach((card) => {
      const id = card.getAttribute('data-coordinator') || card.getAttribute('data-provider');
      if (wanted.has(id)) cards.set(id, card);
      else card.remove();
    });
    const placeholder = $(':scope > .empty', container);
    if (placeholder && items.length > 0) placeholder.remove();
    items.forEach((item, index) => {
      let card = cards.get(key(item));
      if (!card) card = create(key(item));
      // Cards follow the snapshot's order (sorted by id), also for ones that showed up later.
      if (container.children[index] !== card) container.insertBefore(card, container.children[index] || null);
      render(card, item);
    });
  }

  function renderEvents(events) {
    const body = $('#events');
    body.replaceChildren();
    if (events.length === 0) {
      body.appendChild(el('tr', { class: 'empty' }, [el('td', { colspan: '6', text: 'no feedback received yet' })]));
      return;
    }
    events.forEach((e) => {
      const heartbeat = e.from === e.to;
      const change = el('td', {}, []);
      if (e.from && !heartbeat) {
        change.append(el('span', { class: 'badge ' + e.from, text: e.from }), el('span', { class: 'arrow', text: '→' }));
      }
      change.append(el('span', { class: 'badge ' + e.to, text: e.to }));
      const kind = heartbeat ? 'heartbeat' : (e.from ? 'level-change' : 'first-heard');
      const what = heartbeat ? (e.count > 1 ? e.count + ' heartbeats' : 'heartbeat') : kind.replace('-', ' ');
      const when = new Date(e.ts);
      body.appendChild(el('tr', { 'data-testid': 'event', 'data-kind': kind, class: heartbeat ? 'heartbeat' : 'change' }, [
        el('td', { text: Number.isNaN(when.getTime()) ? '–' : when.toLocaleTimeString('en-GB') }),
        el('td', { class: 'mono', text: e.coordinator_id }),
        change,
        el('td', { text: what }),
        el('td', { text: Number(e.queue_size).toLocaleString('en-US') }),
        el('td', { class: 'mono muted', text: String(e.seq) }),
      ]));
    });
  }

  function renderHeader(s) {
    setText(document, 'snapshot-seq', s.seq);
    const updated = new Date(s.ts);
    setText(document, 'updated-at', updated.toLocaleTimeString('en-GB'));
    setText(document, 'pipeline-level', s.feedback.enabled ? s.feedback.level : 'off');
    setNumber(document, 'pipeline-scale', s.feedback.scale, 2);
    setText(document, 'pipeline-policy', s.feedback.policy);
    const feedbackPill = $('#feedback-pill');
    feedbackPill.className = 'pill ' + ({ ok: 'good', soft: 'warn', hard: 'bad' }[s.feedback.level] || '');
    $('#store-url').textContent = s.store.url;
    const storePill = $('#store-pill');
    const banner = $('#store-banner');
    if (s.store.reachable) {
      storePill.textContent = 'store ' + (s.store.status || 'answering');
      storePill.className = 'pill ' + (s.store.status === 'UP' ? 'good' : 'warn');
      banner.hidden = !s.store.error;
      banner.textContent = s.store.error ? 'store: ' + s.store.error : '';
    } else {
      storePill.textContent = 'store unreachable';
      storePill.className = 'pill bad';
      banner.hidden = false;
      banner.textContent = 'store unreachable (' + s.store.url + '): ' + s.store.error
        + ' — showing what the pipeline last heard by feedback.';
    }
  }

  function render(s) {
    const at = Date.parse(s.ts) || Date.now();
    renderHeader(s);
    renderLoop(s, at);
    renderKeyed($('#coordinators'), s.coordinators, (c) => c.id, coordinatorCard, renderCoordinator);
    renderKeyed($('#providers'), s.providers, (p) => p.name, providerCard, (card, p) => renderProvider(card, p, at));
    renderEvents(s.events);
  }

  function setConnection(text, kind) {
    const pill = $('#connection');
    pill.textContent = text;
    pill.className = 'pill ' + kind;
  }

  const source = new EventSource('dashboard/stream');
  source.addEventListener('open', () => setConnection('live', 'good'));
  source.addEventListener('error', () => setConnection('reconnecting…', 'bad'));
  source.addEventListener('snapshot', (message) => {
    lastSnapshotAt = Date.now();
    setConnection('live', 'good');
    render(JSON.parse(message.data));
  });
  setInterval(() => {
    if (lastSnapshotAt && Date.now() - lastSnapshotAt > STALE_AFTER_MS && source.readyState === EventSource.OPEN) {
      setConnection('stalled', 'warn');
    }
  }, 1000);
})();
