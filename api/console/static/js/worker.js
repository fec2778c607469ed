// Grid worker (网格员), on a phone: report, my reports, verification tasks.
import { html, useState, useEffect, useRef, useApi, useLive, toast, showError, StateBadge, Photos, Timeline, CategoryPicker, CellMap, Modal, Countdown, go } from "./ui.js";
import { api, ApiError } from "./api.js";
import { t, when } from "./i18n.js";
import { ref, categoryName, gridName, placePath } from "./ref.js";

// -- the outbox: reports kept on the phone until the hub has them -------------------------
// Kept in IndexedDB (photos as they are); each keeps its client_request_id, so a retry after
// a lost answer is the same report, never a second one.
const DB = "gridhub-outbox";
function store(mode) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("reports", { keyPath: "client_request_id" });
    open.onsuccess = () => resolve(open.result.transaction("reports", mode).objectStore("reports"));
    open.onerror = () => reject(open.error);
  });
}
const done = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
async function allPending() { return done((await store("readonly")).getAll()); }
async function savePending(item) { await done((await store("readwrite")).put(item)); await recount(); }
async function dropPending(id) { await done((await store("readwrite")).delete(id)); await recount(); }
async function recount() {
  const items = await allPending();
  localStorage.setItem("gridhub.pending", String(items.filter((i) => !i.failed).length));
  window.dispatchEvent(new Event("gridhub-outbox"));
}
export const pendingCount = () => Number(localStorage.getItem("gridhub.pending") || 0);

let flushing = null;
export function flushOutbox(me) {
  if (!flushing) flushing = flushAll(me).finally(() => { flushing = null; });
  return flushing;
}
async function flushAll(me) {
  const results = [];
  for (const item of await allPending()) {
    if (item.failed || item.owner !== me.username) continue;
    results.push(await sendOne(item));
  }
  return results;
}
// Sends one kept report: photos first (each once), then the report. Network trouble keeps it.
async function sendOne(item) {
  try {
    item.uploaded = item.uploaded || [];
    for (let i = item.uploaded.length; i < item.files.length; i++) {
      const form = new FormData();
      form.append("file", item.files[i], item.names?.[i] || `photo-${i + 1}.jpg`);
      const uploaded = await api("/attachments", { method: "POST", body: form });
      item.uploaded.push(uploaded.id);
      await savePending(item);
    }
    const answer = await api("/reports", { method: "POST", body: { ...item.body, attachments: item.uploaded } });
    await dropPending(item.client_request_id);
    return { item, answer };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status)) {
      item.failed = error.message;  // the hub refused it: retrying would not help
      await savePending(item);
      return { item, error };
    }
    return { item, error, kept: true };
  }
}

function townshipOfCell(cell) {
  const community = ref.cells[cell]?.community;
  return community ? ref.places[community]?.parent : null;
}

// -- report an incident --------------------------------------------------------------------
export function WorkerReport({ me }) {
  const [category, setCategory] = useState(null);
  const [address, setAddress] = useState("");
  const [point, setPoint] = useState(null);  // [lon, lat] WGS-84
  const [placement, setPlacement] = useState(null);
  const [suggestion, setSuggestion] = useState(null);
  const [description, setDescription] = useState("");
  const [urgent, setUrgent] = useState(false);
  const [files, setFiles] = useState([]);
  const [previews, setPreviews] = useState([]);
  const [nearby, setNearby] = useState(null);
  const [busy, setBusy] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const typed = useRef(0);
  const township = townshipOfCell(me.area_code);

  // Live suggestions from the registry while typing an address.
  useEffect(() => {
    const text = address.trim();
    if (text.length < 2 || (placement && placement.address === text)) { setSuggestion(null); return undefined; }
    const ticket = ++typed.current;
    const timer = setTimeout(() => {
      api("/registry/resolve", { params: { text, category: category?.code } })
        .then((r) => ticket === typed.current && setSuggestion(r.placement))
        .catch(() => {});
    }, 300);
    return () => clearTimeout(timer);
  }, [address]);

  async function placeAt(lon, lat) {
    setPoint([lon, lat]);
    try {
      const r = await api("/registry/resolve", { params: { lon, lat, crs: "wgs84" } });
      setPlacement(r.placement);
      if (!address.trim()) setAddress(r.placement.address || describePlacement(r.placement));
    } catch (e) {
      if (e instanceof ApiError) showError(e);
      else toast("网络不通：已记下定位点，上报时一并发送", "error");
    }
  }
  function useGps() {
    if (!navigator.geolocation) { toast("此设备不支持定位", "error"); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => placeAt(p.coords.longitude, p.coords.latitude),
      (e) => toast(`定位失败：${e.message}`, "error"), { enableHighAccuracy: true, timeout: 15000 });
  }
  function pickPhotos(e) {
    const chosen = [...e.target.files];
    setFiles((xs) => [...xs, ...chosen].slice(0, 9));
    chosen.forEach((f) => { const url = URL.createObjectURL(f); setPreviews((xs) => [...xs, url].slice(0, 9)); });
    e.target.value = "";
  }

  function body(sameAs) {
    // The hub needs some words for the place: a GPS fix taken with no network has no
    // registry answer, so the point itself is written down.
    const placeText = address.trim() || (placement && (placement.address || describePlacement(placement)))
      || (point ? `GPS定位 ${point[1].toFixed(6)}, ${point[0].toFixed(6)}` : "");
    return {
      grid: category.grid, category: category.code, description: description.trim(), address_text: placeText,
      location: point ? { lon: point[0], lat: point[1], crs: "wgs84" } : null,
      reporter: { id: me.worker_id || me.username, role: "grid_worker" },
      priority: urgent ? "urgent" : "normal",
      ...(sameAs ? { same_as: sameAs } : {}),
    };
  }
  function check() {
    if (!category) return "请选择问题类别";
    if (!address.trim() && !point) return "请定位：GPS、点地图或输入地址";
    if (!description.trim()) return "请填写问题描述";
    return null;
  }
  async function beforeSending() {
    const problem = check();
    if (problem) { toast(problem, "error"); return; }
    setBusy(true);
    try {
      const params = { category: category.code, ...(point ? { lon: point[0], lat: point[1], crs: "wgs84" } : { text: address.trim() }) };
      const found = await api("/cases/nearby", { params }).catch(() => []);
      if (found.length) { setNearby(found); setBusy(false); return; }
    } catch (e) { /* offline: the report is kept and sent later */ }
    await send(null);
  }
  async function send(sameAs) {
    setNearby(null);
    setBusy(true);
    const item = {
      client_request_id: `web-${me.username}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      owner: me.username, body: body(sameAs), files, names: files.map((f) => f.name), created: new Date().toISOString(),
    };
    await savePending(item);  // kept first: a lost connection loses nothing
    const result = await sendOne(item);
    setBusy(false);
    if (result.answer) {
      toast(sameAs ? "已上报，并入同一问题的案件" : "已上报，等待立案");
      reset();
      go("#/w/mine");
    } else if (result.kept) {
      toast("网络不通：已保存在手机上，恢复后自动重发（不会重复上报）");
      reset();
    } else {
      showError(result.error);
    }
  }
  function reset() {
    setCategory(null); setAddress(""); setPoint(null); setPlacement(null); setDescription(""); setFiles([]); setPreviews([]); setUrgent(false);
  }

  return html`<div class="page">
    <${Outbox} me=${me} />
    <div class="card">
      <h2>上报问题</h2>
      <label>问题类别</label>
      <${CategoryPicker} value=${category?.code} onChange=${setCategory} />
      <label>位置</label>
      <div class="row">
        <button class="secondary" onClick=${useGps} data-test="gps">GPS定位</button>
        <button class="secondary" onClick=${() => setShowMap(!showMap)} data-test="tap-map">${showMap ? "收起地图" : "在地图上点选"}</button>
      </div>
      ${showMap && html`<p class="small muted">点击地图上的位置（本街道网格）</p><${CellMap} small township=${township} marker=${point} focus=${placement?.cell} onPoint=${([lon, lat]) => placeAt(lon, lat)} />`}
      <input placeholder="或输入地址，如 黄河路12号" value=${address} onInput=${(e) => setAddress(e.target.value)} data-test="address" style="margin-top:6px" />
      ${suggestion && html`<div class="suggest" data-test="suggestion"><div onClick=${() => { setPlacement(suggestion); setAddress(suggestion.address || describePlacement(suggestion)); setSuggestion(null); }}>
        ${suggestion.status === "unplaced" ? html`<span class="muted">地址库中找不到，可继续输入或用GPS</span>` : html`<b>${suggestion.address || describePlacement(suggestion)}</b>
        <div class="small muted">${placePath(suggestion.cell, suggestion.township)} · ${t("place_status", suggestion.status)} · 置信度 ${Math.round(suggestion.confidence * 100)}%</div>`}</div></div>`}
      ${point && !placement && html`<p class="small" data-test="point">定位点 ${point[1].toFixed(6)}, ${point[0].toFixed(6)}（地址库未答复，上报后由平台定位）</p>`}
      ${placement && html`<p class="small" data-test="placement">位置：${placePath(placement.cell, placement.township)} <span class="badge ${placement.status === "placed" ? "green" : "amber"}">${t("place_status", placement.status)}</span></p>`}
      <label>问题描述</label>
      <textarea value=${description} onInput=${(e) => setDescription(e.target.value)} placeholder="看到了什么、影响如何" data-test="description"></textarea>
      <label><input type="checkbox" checked=${urgent} onChange=${(e) => setUrgent(e.target.checked)} style="width:auto" /> 紧急</label>
      <label>现场照片（最多9张）</label>
      <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple onChange=${pickPhotos} data-test="photos" />
      <div class="photos" style="margin-top:6px">${previews.map((u) => html`<img src=${u} alt="待上传照片" />`)}</div>
      <p><button onClick=${beforeSending} disabled=${busy} style="width:100%" data-test="send">${busy ? "正在发送…" : "上报"}</button></p>
    </div>
    ${nearby && html`<${Modal} narrow onClose=${() => setNearby(null)}>
      <h2>附近可能是同一问题</h2>
      <p class="small muted">${nearby.length} 个同类未结案件在附近。是同一个问题就并入，避免重复立案。</p>
      ${nearby.map((c) => html`<div class="card" key=${c.id} data-test="nearby-case">
        <b>${c.title}</b> <${StateBadge} state=${c.state} />
        <div class="small muted">${categoryName(c.category)} · ${c.address_text} · ${c.distance_m !== null ? `${Math.round(c.distance_m)} 米` : "同一网格"} · ${when(c.reported_at)} · ${c.report_count} 条上报</div>
        <button onClick=${() => send(c.id)} data-test="same-problem">是同一问题</button></div>`)}
      <button class="secondary" onClick=${() => send(null)} data-test="new-problem">是新问题，单独上报</button>
    <//>`}
  </div>`;
}

function describePlacement(p) {
  if (!p) return "";
  return (p.levels || []).filter((l) => !["province", "prefecture"].includes(l.level)).map((l) => l.name).join("");
}

function Outbox({ me }) {
  const [items, setItems] = useState([]);
  const refresh = () => allPending().then((xs) => setItems(xs.filter((i) => i.owner === me.username))).catch(() => {});
  useEffect(() => { refresh(); window.addEventListener("gridhub-outbox", refresh); return () => window.removeEventListener("gridhub-outbox", refresh); }, []);
  if (!items.length) return null;
  return html`<div class="card" data-test="outbox"><h3>手机上待发送的上报</h3>
    ${items.map((i) => html`<div key=${i.client_request_id} class="small">${categoryName(i.body.category)} · ${i.body.address_text} · ${when(i.created)}
      ${i.failed ? html` <span class="badge red">被拒：${i.failed}</span> <button class="quiet" onClick=${() => dropPending(i.client_request_id)}>删除</button>` : html` <span class="badge amber">等待网络</span>`}</div>`)}
    <button class="secondary" onClick=${() => flushOutbox(me).then(refresh)}>立即重发</button></div>`;
}

// -- my reports, each with its case's state and timeline -------------------------------------
export function WorkerReports({ me }) {
  const { data, error, reload } = useApi("/me/reports", { limit: 50 });
  const [open, setOpen] = useState(null);
  useLive(reload);
  if (error) return html`<p class="page">${error.message}</p>`;
  if (!data) return html`<p class="page muted">加载中…</p>`;
  return html`<div class="page"><h2>我的上报 <span class="muted small">共 ${data.total} 条</span></h2>
    ${data.items.map((r) => html`<div class="card" key=${r.id} data-test="my-report" data-case=${r.case_id || ""}>
      <div class="row"><b class="grow">${r.title}</b>${r.case_state ? html`<${StateBadge} state=${r.case_state} />` : html`<span class="badge grey">处理中</span>`}</div>
      <div class="small muted">${gridName(r.grid)} · ${categoryName(r.category)} · ${r.address_text} · ${when(r.reported_at)}</div>
      <div class="small">${r.description}</div>
      <${Photos} items=${r.attachments} label="现场照片" />
      ${r.case_id && html`<p><a onClick=${() => setOpen(open === r.id ? null : r.id)}>${open === r.id ? "收起进度" : "查看进度"}</a></p>`}
      ${open === r.id && html`<${Timeline} caseId=${r.case_id} />`}
    </div>`)}</div>`;
}


// -- verification tasks (核查): before and after photos ----------------------------------------
export function WorkerVerify({ me }) {
  const { data, error, reload } = useApi("/verification-tasks", { limit: 50 });
  useLive(reload);
  if (error) return html`<p class="page">${error.message}</p>`;
  if (!data) return html`<p class="page muted">加载中…</p>`;
  return html`<div class="page"><h2>核查任务 <span class="muted small">${data.total} 件待核查</span></h2>
    ${!data.items.length && html`<p class="muted">暂无待核查的案件</p>`}
    ${data.items.map((c) => html`<${VerifyCard} key=${c.id} summary=${c} onDone=${reload} />`)}</div>`;
}

function VerifyCard({ summary, onDone }) {
  const { data } = useApi(`/cases/${summary.id}`);
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState("");
  async function verify(passed) {
    try {
      await api(`/cases/${summary.id}/verify`, { method: "POST", body: passed ? { passed: true } : { passed: false, reason } });
      toast(passed ? "核查通过" : "已退回返工");
      onDone();
    } catch (e) { showError(e); }
  }
  const before = data ? data.reports.flatMap((r) => r.attachments) : [];
  const after = data?.resolution?.evidence || [];
  return html`<div class="card" data-test="verify-task" data-case=${summary.id}>
    <div class="row"><b class="grow">${summary.title}</b><${Countdown} deadline=${summary.deadline_at} step=${summary.deadline_step} /></div>
    <div class="small muted">${categoryName(summary.category)} · ${summary.address_text}</div>
    ${data && html`<div class="small">处置说明：${data.resolution?.note || "—"}</div>`}
    <div class="grid2" style="margin-top:6px"><div><h3>处置前</h3><${Photos} items=${before} label="处置前照片" /></div><div><h3>处置后</h3><${Photos} items=${after} label="处置后照片" /></div></div>
    ${failing ? html`<div><textarea placeholder="哪里没有处理好" value=${reason} onInput=${(e) => setReason(e.target.value)}></textarea>
        <button class="danger" disabled=${!reason.trim()} onClick=${() => verify(false)}>确认不通过，返工</button> <button class="secondary" onClick=${() => setFailing(false)}>取消</button></div>`
      : html`<div class="row"><button onClick=${() => verify(true)} data-test="verify-pass">核查通过</button><button class="secondary" onClick=${() => setFailing(true)}>核查不通过</button></div>`}
  </div>`;
}
