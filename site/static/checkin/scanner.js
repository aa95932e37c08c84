// The gate scanner (/checkin/): set-up, point, camera, result screen, search, offline queue.
// The API is the README's "Check-in API". Offline, the same decision is made here from the
// downloaded roster and keys, and the scan is queued until the server has answered for its nonce.

import { base64urlDecode, looksLikeCode, readCode, verify } from "./pass.js";
import { failed, meta, queue } from "./store.js";

const T = JSON.parse(document.getElementById("checkin-texts").textContent);
const CONFIG = JSON.parse(document.getElementById("checkin-config").textContent);
const LANG = CONFIG.language;
const TOKEN_KEY = "fao-checkin.token";
const POINT_KEY = "fao-checkin.point";
const TIMEOUT_MS = 2500; // past this the gate decides offline rather than keep a guest waiting
const RETRY_MS = 15000;
const ROSTER_EVERY_MS = 60000;
const KEYS_EVERY_MS = 600000;
const BATCH_SIZE = 100;
const SCAN_EVERY_MS = 120;
const GONE_MS = 1500;
const HISTORY_MS = 24 * 3600 * 1000; // a code must leave the camera this long before it is read again

const $ = (id) => document.getElementById(id);
const state = {
  token: localStorage.getItem(TOKEN_KEY),
  setup: null,
  point: null,
  roster: null, // {event, generated_at, categories, guests: Map, revoked: Set, checkins}
  keys: new Map(),
  history: [], // this device's own check-ins not yet in a roster: {nonce, registration, point, direction, at, scan}
  netUp: navigator.onLine,
  lastOk: null,
  showing: null,
  flushing: false,
};

// --- small helpers ----------------------------------------------------------------------------

function fill(text, values) {
  return text.replace(/%\((\w+)\)[sd]/g, (_m, name) => (name in values ? String(values[name]) : ""));
}

function inLanguage(zh, en) {
  return LANG === "en" ? en || zh : zh || en;
}

function clock(iso) {
  if (!iso) return "";
  const moment = new Date(iso);
  const time = moment.toLocaleTimeString(LANG === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit" });
  const today = new Date().toDateString() === moment.toDateString();
  return today ? time : `${moment.toISOString().slice(0, 10)} ${time}`;
}

function makeNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "s-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function say(text, kind = "info") {
  const box = $("message");
  box.textContent = text || "";
  box.dataset.kind = kind;
  box.hidden = !text;
}

function show(section) {
  for (const id of ["setup", "points", "scan"]) $(id).hidden = id !== section;
  $("change-point").hidden = section !== "scan" || !state.setup || state.setup.points.length < 2;
}

function pointById(id) {
  return state.setup && state.setup.points.find((p) => p.id === id);
}

function pointName(id) {
  const point = pointById(id);
  return point ? inLanguage(point.name_zh || point.name, point.name_en || point.name) : "";
}

// --- the network ------------------------------------------------------------------------------

class Unauthorized extends Error {}

async function api(path, { method = "GET", body, headers = {}, timeout = TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetch(CONFIG.api + path, {
      method,
      cache: "no-store",
      signal: controller.signal,
      headers: {
        Authorization: `Bearer ${state.token}`,
        "Accept-Language": LANG,
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401) {
      setNet(true);
      throw new Unauthorized();
    }
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
    setNet(true);
    return response;
  } catch (error) {
    if (!(error instanceof Unauthorized)) setNet(false);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function setNet(up) {
  const was = state.netUp;
  state.netUp = up && navigator.onLine;
  const net = $("net");
  net.dataset.state = state.netUp ? "online" : "offline";
  net.textContent = state.netUp ? T.online : T.offline;
  // Switching language reloads the page from the server.
  for (const button of document.querySelectorAll(".lang button")) button.disabled = !state.netUp;
  if (state.netUp && !was) flush();
}

function unauthorized() {
  stopCamera();
  say(T.unauthorized, "error");
  show("setup");
}

// --- set-up, roster, keys ---------------------------------------------------------------------

async function loadSetup() {
  try {
    const response = await api("setup/", { timeout: 8000 });
    state.setup = await response.json();
    await meta.set("setup", state.setup);
  } catch (error) {
    if (error instanceof Unauthorized) return unauthorized();
    state.setup = await meta.get("setup");
    if (!state.setup) {
      say(T.setup_failed, "error");
      show("setup");
      return;
    }
  }
  state.history = (await meta.get("history")) || [];
  await loadCached();
  refreshKeys();
  refreshRoster();
  const saved = Number(localStorage.getItem(POINT_KEY));
  const points = state.setup.points;
  if (pointById(saved)) choosePoint(saved);
  else if (points.length === 1) choosePoint(points[0].id);
  else showPoints();
}

async function loadCached() {
  const roster = await meta.get("roster");
  if (roster && roster.event === state.setup.event.id) useRoster(roster);
  const keys = await meta.get("keys");
  if (keys && keys.event === state.setup.event.id) useKeys(keys);
}

function useRoster(data) {
  state.roster = {
    ...data,
    guests: new Map(data.guests.map((row) => [row[0], row])),
    revoked: new Set(data.revoked || []),
  };
  // Own check-ins are kept a day even when the roster has them too (an offline scan uploaded
  // after the roster was built is not in it); a check-in seen twice counts once.
  const since = Date.now() - HISTORY_MS;
  state.history = state.history.filter((h) => Date.parse(h.at) >= since);
  meta.set("history", state.history);
  const n = state.roster.guests.size;
  $("roster-state").textContent = fill(T.roster_age, { time: clock(data.generated_at), n });
}

function useKeys(data) {
  state.keys = new Map(data.keys.map((k) => [k.id, base64urlDecode(k.public_key)]));
}

async function refreshRoster() {
  if (!state.setup) return;
  try {
    const cached = await meta.get("roster");
    const headers = cached && cached.event === state.setup.event.id && cached.etag ? { "If-None-Match": cached.etag } : {};
    const response = await api("roster/", { headers, timeout: 30000 });
    if (response.status === 304) return;
    if (!response.ok) return;
    const data = await response.json();
    data.etag = response.headers.get("ETag");
    await meta.set("roster", data);
    useRoster(data);
  } catch (error) {
    if (error instanceof Unauthorized) unauthorized();
  } finally {
    if (!state.roster) $("roster-state").textContent = T.no_roster;
  }
}

async function refreshKeys() {
  if (!state.setup) return;
  try {
    const response = await api("keys/", { timeout: 10000 });
    if (!response.ok) return;
    const data = await response.json();
    await meta.set("keys", data);
    useKeys(data);
  } catch (error) {
    if (error instanceof Unauthorized) unauthorized();
  }
}

// --- choosing the point -------------------------------------------------------------------------

function showPoints() {
  stopCamera();
  const list = $("point-list");
  list.replaceChildren();
  $("event-title").textContent = state.setup.event.title;
  if (!state.setup.points.length) say(T.no_points, "error");
  for (const point of state.setup.points) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "point";
    button.dataset.point = point.id;
    const name = document.createElement("strong");
    name.textContent = pointName(point.id);
    const details = document.createElement("span");
    const parts = [point.direction === "exit" ? T.exit : T.entry];
    if (point.session) parts.push(`${point.session.title} ${clock(point.session.start)}`);
    if (point.categories) parts.push(point.categories.map((c) => categoryName(c)).join(", "));
    details.textContent = parts.join(" · ");
    button.append(name, details);
    button.addEventListener("click", () => {
      unlockAudio();
      choosePoint(point.id);
    });
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
  show("points");
}

function categoryName(code) {
  const category = state.roster && state.roster.categories[code];
  return category ? inLanguage(category.name_zh, category.name_en) : code;
}

function choosePoint(id) {
  state.point = pointById(id);
  localStorage.setItem(POINT_KEY, String(id));
  $("point-name").textContent = pointName(id);
  say("");
  show("scan");
  startCamera();
  updateQueue();
}

// --- deciding a scan ----------------------------------------------------------------------------

async function scan(target, { force = false, typed = false } = {}) {
  const item = {
    ...target,
    point: state.point.id,
    nonce: makeNonce(),
    scanned_at: new Date().toISOString(),
    force,
  };
  let outcome = null;
  if (state.netUp && navigator.onLine) {
    try {
      const { scanned_at, ...body } = item;
      const response = await api("redeem/", { method: "POST", body });
      const data = await response.json();
      if (!response.ok) {
        say(data.message || fill(T.error, { error: response.status }), "error");
        return;
      }
      outcome = data;
    } catch (error) {
      if (error instanceof Unauthorized) return unauthorized();
      // No answer in time: decide here; the queued scan keeps its nonce, so it counts once.
    }
  }
  if (!outcome) {
    outcome = await decideOffline(item);
    await queue.add(item);
    updateQueue();
  }
  if (outcome.result === "ok") {
    const entry = {
      nonce: item.nonce,
      registration: outcome.guest ? outcome.guest.registration : item.registration,
      point: item.point,
      direction: state.point.direction,
      at: outcome.scan.at || item.scanned_at,
      scan: outcome.scan.id || null,
      uploaded: !outcome.offline,
    };
    state.history.push(entry);
    meta.set("history", state.history);
    state.lastOk = { ...entry, name: outcome.guest ? outcome.guest.name : "", shownAt: Date.now() };
    updateUndoBar();
  }
  showResult(outcome, item, typed);
}

function refusal(result, reason, extra = {}) {
  return { result, reason, ...extra };
}

/** The same decision as the server's gate, from what this device downloaded and did itself. */
async function decideOffline(item) {
  const point = state.point;
  const at = item.scanned_at;
  let registration = item.registration;
  let version = null;
  let verdict = null;
  if (item.code) {
    const pass = readCode(item.code);
    if (!pass) verdict = refusal("unknown", "malformed");
    else if (pass.eventId !== state.setup.event.id) verdict = refusal("other_event", null);
    else if (!state.keys.has(pass.keyId)) verdict = refusal("unknown", "unknown_key");
    else if (!(await verify(state.keys.get(pass.keyId), pass.signature, pass.signed)))
      verdict = refusal("unknown", "forged");
    else {
      registration = pass.registration;
      version = pass.version;
    }
  }
  let guest = null;
  let previous = null;
  if (!verdict) {
    const roster = state.roster;
    const row = roster && roster.guests.get(registration);
    if (row) guest = guestFromRow(row);
    if (!roster) verdict = refusal("unknown", "no_roster");
    else if (roster.revoked.has(registration)) verdict = refusal("revoked", "pass_revoked");
    else if (!row) verdict = refusal("not_admitted", "not_attending");
    else if (version !== null && version < row[1]) verdict = refusal("revoked", "old_version");
    else if (version !== null && version > row[1]) verdict = refusal("unknown", "bad_version");
    else if (point.categories && !point.categories.includes(guest.category.code))
      verdict = refusal("not_admitted", "category");
    else if (point.opens && Date.parse(at) < Date.parse(point.opens)) verdict = refusal("not_admitted", "too_early");
    else if (point.closes && Date.parse(at) > Date.parse(point.closes)) verdict = refusal("not_admitted", "too_late");
    else {
      const passage = passageOf(registration, point, at);
      verdict = refusal(passage.result, passage.reason);
      previous = passage.previous;
    }
  }
  let forced = false;
  if (item.force && ["not_admitted", "already"].includes(verdict.result)) {
    forced = true;
    verdict = refusal("ok", verdict.reason);
  }
  const colour = verdict.result === "ok" ? "green" : verdict.result === "already" ? "amber" : "red";
  return {
    result: verdict.result,
    reason: verdict.reason || null,
    colour,
    message: offlineMessage(verdict, forced, previous),
    scan: { id: null, at, point: point.id, direction: point.direction, forced },
    guest,
    previous: previous && { at: previous.at, point: previous.point, point_name: pointName(previous.point) },
    offline: true,
  };
}

function guestFromRow(row) {
  const [registration, , name, chinese, code, delegation, seat, note] = row;
  const category = (state.roster.categories || {})[code] || {};
  return {
    registration,
    name,
    chinese_name: chinese,
    organisation: "",
    category: { code, name: inLanguage(category.name_zh, category.name_en) || code, colour: category.colour || "" },
    delegation,
    seat,
    note,
  };
}

/** The guest's earlier check-ins (roster and this device), as the server's `_passage` reads them. */
function passageOf(registration, point, at) {
  const seen = new Set();
  const history = [];
  for (const [reg, pointId, direction, when] of state.roster.checkins) {
    if (reg === registration) history.push({ point: pointId, direction, at: when });
  }
  for (const h of state.history) {
    if (h.registration === registration) history.push({ point: h.point, direction: h.direction, at: h.at });
  }
  const before = history
    .filter((h) => {
      const key = `${h.point}|${Date.parse(h.at)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return Date.parse(h.at) <= Date.parse(at);
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = before[before.length - 1];
  if (point.direction === "entry" && last && last.direction === "exit" && !point.entry_after_exit) {
    return { result: "not_admitted", reason: "no_entry", previous: null };
  }
  let hereIndex = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i].point === point.id) {
      hereIndex = i;
      break;
    }
  }
  if (hereIndex < 0 || point.multiple_entry) return { result: "ok", reason: null, previous: null };
  if (before.slice(hereIndex + 1).some((h) => h.direction !== point.direction)) {
    return { result: "ok", reason: null, previous: null };
  }
  return { result: "already", reason: null, previous: before[hereIndex] };
}

function offlineMessage(verdict, forced, previous) {
  const { result, reason } = verdict;
  if (result === "ok") return forced ? T.ok_forced : T.ok;
  if (result === "already") {
    return previous ? fill(T.already_at, { point: pointName(previous.point), time: clock(previous.at) }) : T.already;
  }
  if (result === "not_admitted") {
    if (reason === "too_early") return fill(T.too_early, { time: clock(state.point.opens) });
    if (reason === "too_late") return fill(T.too_late, { time: clock(state.point.closes) });
    return T[reason] || T.not_admitted;
  }
  if (result === "revoked") return T[reason] || T.revoked;
  if (result === "other_event") return T.other_event;
  if (reason === "no_roster") return T.no_roster;
  return T[reason] || T.unknown;
}

// --- the result screen --------------------------------------------------------------------------

function showResult(outcome, item, typed = false) {
  state.showing = { outcome, item, typed };
  const box = $("result");
  box.dataset.colour = outcome.colour;
  box.dataset.result = outcome.result;
  box.dataset.offline = outcome.offline ? "true" : "false";
  $("result-title").textContent = outcome.message;
  const guest = outcome.guest;
  $("result-name").textContent = guest ? guest.name : "";
  const chinese = guest && guest.chinese_name && guest.chinese_name !== guest.name ? guest.chinese_name : "";
  $("result-chinese").textContent = chinese;
  const category = $("result-category");
  category.textContent = guest ? guest.category.name : "";
  category.hidden = !guest;
  $("result-band").style.background = (guest && guest.category.colour) || "";
  const facts = $("result-facts");
  facts.replaceChildren();
  if (guest) {
    for (const [label, value] of [
      [T.delegation, guest.delegation || guest.organisation],
      [T.seat, guest.seat],
      [T.note, guest.note],
    ]) {
      if (!value) continue;
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      facts.append(dt, dd);
    }
  }
  $("result-offline").hidden = !outcome.offline;
  $("result-undo").hidden = outcome.result !== "ok";
  $("result-force").hidden = !["not_admitted", "already"].includes(outcome.result);
  box.hidden = false;
  box.focus();
  beep(outcome.colour);
}

function dismissResult() {
  const typed = state.showing && state.showing.typed;
  $("result").hidden = true;
  state.showing = null;
  $("search").value = "";
  // A keyboard-wedge scanner types the next pass into the field it typed the last one into.
  if (typed) $("search").focus();
}

// --- undo and force -----------------------------------------------------------------------------

function undoable() {
  const last = state.lastOk;
  const minutes = (state.setup && state.setup.annul_minutes) || 5;
  return last && Date.now() - last.shownAt < minutes * 60000 ? last : null;
}

function updateUndoBar() {
  const last = undoable();
  $("undo-bar").hidden = !last;
  if (last) $("undo-label").textContent = last.name;
}

async function undoLast() {
  const last = undoable();
  if (!last) return;
  const queued = await queue.get(last.nonce);
  try {
    if (queued) {
      // Not uploaded yet: it is uploaded all the same (every scan is recorded), then annulled.
      await queue.add({ ...queued, annul: true });
    } else if (last.scan) {
      const response = await api("annul/", { method: "POST", body: { scan: last.scan } });
      const data = await response.json();
      if (!response.ok) {
        say(fill(T.undo_failed, { error: data.message }), "error");
        return;
      }
    } else {
      return;
    }
  } catch (error) {
    if (error instanceof Unauthorized) return unauthorized();
    say(fill(T.undo_failed, { error: T.offline }), "error");
    return;
  }
  state.history = state.history.filter((h) => h.nonce !== last.nonce);
  meta.set("history", state.history);
  state.lastOk = null;
  updateUndoBar();
  dismissResult();
  say(T.undone, "ok");
}

function askForce() {
  const dialog = $("confirm-force");
  dialog.returnValue = "";
  dialog.showModal();
}

$("confirm-force").addEventListener("close", () => {
  if ($("confirm-force").returnValue !== "confirm" || !state.showing) return;
  const { item } = state.showing;
  const target = item.code ? { code: item.code } : { registration: item.registration };
  dismissResult();
  scan(target, { force: true });
});

// --- the queue ----------------------------------------------------------------------------------

async function updateQueue() {
  const n = await queue.count();
  const refused = await failed.count();
  const box = $("queue");
  box.dataset.count = String(n);
  let text = n ? fill(T.waiting, { n }) : T.waiting_none;
  if (refused) text += " · " + fill(T.failed, { n: refused });
  box.textContent = text;
}

function forBatch(item) {
  const scanned = { point: item.point, nonce: item.nonce, scanned_at: item.scanned_at, force: !!item.force };
  if (item.code) scanned.code = item.code;
  else scanned.registration = item.registration;
  return scanned;
}

/** Upload queued scans; each leaves the queue only once the server has answered for its nonce. */
async function flush() {
  if (state.flushing || !state.token || !navigator.onLine) return;
  state.flushing = true;
  try {
    let items = await queue.all();
    items.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
    while (items.length) {
      const chunk = items.slice(0, BATCH_SIZE);
      items = items.slice(BATCH_SIZE);
      const response = await api("batch/", { method: "POST", body: { scans: chunk.map(forBatch) }, timeout: 30000 });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      for (const answer of data.results) {
        const item = chunk.find((i) => i.nonce === answer.nonce);
        if (!item) continue;
        if (answer.error) {
          await failed.add({ ...item, answer });
        } else {
          if (item.annul && answer.scan && answer.result === "ok") await annulUploaded(answer.scan.id, item);
          const mine = state.history.find((h) => h.nonce === item.nonce);
          if (mine) Object.assign(mine, { scan: answer.scan.id, uploaded: true });
          if (state.lastOk && state.lastOk.nonce === item.nonce) state.lastOk.scan = answer.scan.id;
        }
        await queue.remove(item.nonce);
      }
      await meta.set("history", state.history);
    }
  } catch (error) {
    if (error instanceof Unauthorized) unauthorized();
  } finally {
    state.flushing = false;
    updateQueue();
  }
}

async function annulUploaded(scanId, item) {
  try {
    const response = await api("annul/", { method: "POST", body: { scan: scanId } });
    if (!response.ok) await failed.add({ ...item, nonce: `${item.nonce}:annul`, answer: await response.json() });
  } catch (error) {
    await failed.add({ ...item, nonce: `${item.nonce}:annul`, answer: { error: "network" } });
  }
}

// --- search -------------------------------------------------------------------------------------

async function search(query) {
  const text = query.trim();
  if (!text) return;
  if (looksLikeCode(text)) {
    // A pass code typed or sent by a keyboard-wedge scanner.
    await scan({ code: text.toUpperCase() }, { typed: true });
    return;
  }
  let results = null;
  if (state.netUp && navigator.onLine) {
    try {
      const response = await api(`search/?q=${encodeURIComponent(text)}`);
      if (response.ok) results = (await response.json()).results;
    } catch (error) {
      if (error instanceof Unauthorized) return unauthorized();
    }
  }
  if (results === null) {
    say(T.search_offline);
    results = searchRoster(text);
  } else {
    say("");
  }
  renderResults(results);
}

function fold(text) {
  return (text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function searchRoster(text) {
  if (!state.roster) return [];
  const words = fold(text).split(/\s+/).filter(Boolean);
  const found = [];
  for (const row of state.roster.guests.values()) {
    const haystack = fold(`${row[2]} ${row[3]} ${row[5]}`);
    if (words.every((w) => haystack.includes(w))) found.push(guestFromRow(row));
    if (found.length >= 20) break;
  }
  return found;
}

function renderResults(results) {
  const list = $("results");
  list.replaceChildren();
  if (!results.length) {
    const empty = document.createElement("li");
    empty.className = "muted";
    empty.textContent = T.search_none;
    list.append(empty);
    return;
  }
  for (const guest of results) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "guest";
    button.dataset.registration = guest.registration;
    const name = document.createElement("strong");
    name.textContent = guest.name;
    const details = document.createElement("span");
    const category = guest.category && typeof guest.category === "object" ? guest.category : null;
    details.textContent = [guest.chinese_name !== guest.name ? guest.chinese_name : "", guest.delegation || guest.organisation, category && category.name]
      .filter(Boolean)
      .join(" · ");
    button.append(name, details);
    if (guest.last_scan) {
      const last = document.createElement("small");
      last.textContent = fill(T.checked_in_at, {
        direction: guest.last_scan.direction === "exit" ? T.exit : T.entry,
        point: guest.last_scan.point_name || pointName(guest.last_scan.point),
        time: clock(guest.last_scan.at),
      });
      button.append(last);
    }
    if (category && category.colour) button.style.borderInlineStartColor = category.colour;
    button.addEventListener("click", () => {
      list.replaceChildren();
      scan({ registration: guest.registration });
    });
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
}

// --- the camera ---------------------------------------------------------------------------------

const camera = { stream: null, detector: null, zxing: null, canvas: null, last: "", lastSeen: 0, timer: null };

async function startCamera() {
  if (camera.stream) return;
  const note = $("camera-note");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    note.textContent = T.camera_none;
    note.hidden = false;
    return;
  }
  try {
    camera.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (error) {
    note.textContent = fill(T.camera_failed, { error: error.message || error.name });
    note.hidden = false;
    $("camera-start").hidden = false;
    return;
  }
  note.hidden = true;
  $("camera-start").hidden = true;
  const video = $("video");
  video.srcObject = camera.stream;
  await video.play().catch(() => {});
  await prepareDecoder();
  tick();
}

function stopCamera() {
  clearTimeout(camera.timer);
  if (camera.stream) camera.stream.getTracks().forEach((t) => t.stop());
  camera.stream = null;
}

async function prepareDecoder() {
  if (camera.detector || camera.zxing) return;
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        camera.detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return;
      }
    } catch (error) {
      // fall through to the WebAssembly decoder
    }
  }
  camera.zxing = await import(CONFIG.zxing);
  camera.zxing.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? CONFIG.wasm : prefix + path) },
  });
  camera.canvas = document.createElement("canvas");
}

async function readFrame(video) {
  if (camera.detector) {
    const codes = await camera.detector.detect(video);
    return codes.length ? codes[0].rawValue : "";
  }
  const scale = Math.min(1, 800 / video.videoWidth);
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  const canvas = camera.canvas;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0, width, height);
  const results = await camera.zxing.readBarcodes(context.getImageData(0, 0, width, height), {
    formats: ["QRCode"],
    maxNumberOfSymbols: 1,
    tryHarder: true,
  });
  const found = results.find((r) => r.isValid);
  return found ? found.text : "";
}

async function tick() {
  const video = $("video");
  if (!camera.stream) return;
  // Frames are read while a result shows too, so a pass still held up is not read again after it.
  if (video.readyState >= 2 && video.videoWidth) {
    try {
      const text = await readFrame(video);
      const now = Date.now();
      if (text) {
        // The same pass held up again is read again only after it left the camera a moment.
        const fresh = text !== camera.last || now - camera.lastSeen > GONE_MS;
        camera.last = text;
        camera.lastSeen = now;
        if (fresh && !state.showing) await scan({ code: text.trim().toUpperCase() });
      }
    } catch (error) {
      // A frame that cannot be read is skipped.
    }
  }
  camera.timer = setTimeout(tick, SCAN_EVERY_MS);
}

// --- sound --------------------------------------------------------------------------------------

let audio = null;

function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) audio = new Context();
  if (audio && audio.state === "suspended") audio.resume();
}

function beep(colour) {
  if (!audio) return;
  const tones = { green: [[880, 0, 0.12]], amber: [[660, 0, 0.1], [660, 0.16, 0.1]], red: [[220, 0, 0.45]] }[colour];
  for (const [frequency, start, length] of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = colour === "red" ? "square" : "sine";
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    const at = audio.currentTime + start;
    oscillator.start(at);
    oscillator.stop(at + length);
  }
}

// --- wiring -------------------------------------------------------------------------------------

function takeTokenFromAddress() {
  const match = /(?:^#|&)device=([^&]+)/.exec(location.hash);
  if (!match) return;
  state.token = decodeURIComponent(match[1]);
  localStorage.setItem(TOKEN_KEY, state.token);
  // The token is a credential: keep it out of the address bar and the history.
  history.replaceState(null, "", location.pathname + location.search);
}

$("setup-form").addEventListener("submit", (event) => {
  event.preventDefault();
  let token = $("token").value.trim();
  const fromLink = /device=([^&\s]+)/.exec(token);
  if (fromLink) token = decodeURIComponent(fromLink[1]);
  if (!/^[\w-]{16,100}$/.test(token)) {
    say(T.token_invalid, "error");
    return;
  }
  state.token = token;
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.removeItem(POINT_KEY);
  say("");
  loadSetup();
});

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  unlockAudio();
  search($("search").value);
});
$("result").addEventListener("click", () => dismissResult());
$("result").addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === "Escape" || event.key === " ") dismissResult();
});
$("result-undo").addEventListener("click", (event) => {
  event.stopPropagation();
  undoLast();
});
$("result-force").addEventListener("click", (event) => {
  event.stopPropagation();
  askForce();
});
$("undo-last").addEventListener("click", () => undoLast());
$("change-point").addEventListener("click", () => showPoints());
$("camera-start").addEventListener("click", () => {
  unlockAudio();
  startCamera();
});
document.addEventListener("pointerdown", unlockAudio, { once: true });
window.addEventListener("online", () => {
  setNet(true);
  refreshRoster();
});
window.addEventListener("offline", () => setNet(false));

setInterval(() => {
  updateUndoBar();
  queue.count().then((n) => n && flush());
}, RETRY_MS);
setInterval(refreshRoster, ROSTER_EVERY_MS);
setInterval(refreshKeys, KEYS_EVERY_MS);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(CONFIG.sw, { scope: "/checkin/" }).catch(() => {});
}

takeTokenFromAddress();
setNet(navigator.onLine);
updateQueue();
if (state.token) {
  loadSetup().then(() => flush());
} else {
  show("setup");
}
