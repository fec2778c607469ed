// Shared pieces of every screen.
import { h, html, render, useState, useEffect, useRef, useMemo, useCallback } from "../vendor/htm-preact/standalone.module.js";
import { api, fileUrl, echartsReady } from "./api.js";
import { t, STATE_TONE, when, span } from "./i18n.js";
import { ref, categoryName, gridName } from "./ref.js";

export { h, html, render, useState, useEffect, useRef, useMemo, useCallback };

// -- toasts -----------------------------------------------------------------------------
const toastListeners = new Set();
export function toast(text, kind = "info") {
  const item = { id: Math.random(), text, kind };
  toastListeners.forEach((l) => l(item));
}
export function showError(error) {
  const body = error && error.body;
  if (error && error.status === 409 && body && body.allowed) {
    const allowed = body.allowed.map((c) => t("command", c)).join("、") || "无";
    toast(`不允许此操作：案件当前为「${t("state", body.state)}」，可执行：${allowed}`, "error");
  } else {
    toast(error && error.message ? error.message : String(error), "error");
  }
}
export function Toasts() {
  const [items, setItems] = useState([]);
  useEffect(() => {
    const add = (item) => {
      setItems((xs) => [...xs, item]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x !== item)), item.kind === "error" ? 9000 : 4000);
    };
    toastListeners.add(add);
    return () => toastListeners.delete(add);
  }, []);
  return html`<div class="toast" role="status">${items.map((i) => html`<div class=${i.kind} key=${i.id}>${i.text}</div>`)}</div>`;
}

// -- data -------------------------------------------------------------------------------
export function useApi(path, params, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return undefined;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api(path, { params, signal: controller.signal })
      .then((data) => setState({ data, error: null, loading: false }))
      .catch((error) => { if (error.name !== "AbortError") setState({ data: null, error, loading: false }); });
    return () => controller.abort();
  }, [path, JSON.stringify(params), version, ...deps]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

// -- the live feed: screens listen for case changes and reload --------------------------
export const liveListeners = new Set();
export function useLive(reload, filter = () => true) {
  const latest = useRef(reload);
  latest.current = reload;
  const wanted = useRef(filter);
  wanted.current = filter;
  useEffect(() => {
    let timer = null;
    const on = (change) => {
      if (!wanted.current(change)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(change), 400);
    };
    liveListeners.add(on);
    return () => { clearTimeout(timer); liveListeners.delete(on); };
  }, []);
}

// -- clocks -----------------------------------------------------------------------------
const tickers = new Set();
setInterval(() => tickers.forEach((f) => f(Date.now())), 1000);
export function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { tickers.add(setNow); return () => tickers.delete(setNow); }, []);
  return now;
}
export function Countdown({ deadline, step }) {
  const now = useNow();
  if (!deadline) return html`<span class="muted">—</span>`;
  const left = new Date(deadline).getTime() - now;
  const label = step ? `${t("step", step)}` : "";
  if (left < 0) return html`<span class="countdown overdue" title=${when(deadline)}>${label}超期 ${span(left)}</span>`;
  const tone = left < 3600000 ? "soon" : "";
  return html`<span class=${`countdown ${tone}`} title=${when(deadline)}>${label}剩余 ${span(left)}</span>`;
}

export function StateBadge({ state }) {
  return html`<span class=${`badge ${STATE_TONE[state] || ""}`} data-state=${state}>${t("state", state)}</span>`;
}
export function Priority({ value }) {
  return value === "urgent" ? html`<span class="badge red">${t("priority", "urgent")}</span>` : null;
}

// -- photos -----------------------------------------------------------------------------
export function AuthImg({ src, alt, onClick, ...rest }) {
  const [url, setUrl] = useState(null);
  useEffect(() => { let live = true; fileUrl(src).then((u) => live && setUrl(u)).catch(() => {}); return () => { live = false; }; }, [src]);
  return url ? html`<img src=${url} alt=${alt || ""} onClick=${onClick} ...${rest} />` : html`<span class="muted small">加载中…</span>`;
}
export function Photos({ items, label }) {
  const [open, setOpen] = useState(null);
  const photos = (items || []).filter((a) => a && (a.thumbnail_url || a.url));
  if (!photos.length) return label ? html`<span class="muted small">无${label}</span>` : null;
  return html`<div class="photos" data-photos=${label || ""}>
    ${photos.map((a) => a.kind === "document"
      ? html`<a onClick=${() => fileUrl(a.url).then((u) => window.open(u))}>[文件]</a>`
      : html`<${AuthImg} src=${a.thumbnail_url || a.url} alt=${a.caption || label || "照片"} onClick=${() => setOpen(a)} />`)}
    ${open && html`<${Modal} onClose=${() => setOpen(null)}><${AuthImg} src=${open.url} style="max-width:100%" />
      <p class="muted">${open.caption || ""} ${open.width ? `${open.width}×${open.height}` : ""} · SHA-256 ${open.sha256?.slice(0, 12)}…</p><//>`}
  </div>`;
}

export function Modal({ onClose, children, narrow }) {
  useEffect(() => {
    const key = (e) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", key);
    return () => document.removeEventListener("keydown", key);
  }, []);
  return html`<div class="modal-back" onClick=${(e) => e.target === e.currentTarget && onClose()}>
    <div class=${`modal ${narrow ? "narrow" : ""}`} role="dialog">${children}
      <div style="text-align:right;margin-top:8px"><button class="secondary" onClick=${onClose}>关闭</button></div>
    </div></div>`;
}

// -- the case timeline, with its audit-chain check --------------------------------------
export function Timeline({ caseId, refresh }) {
  const { data, error } = useApi(caseId ? `/cases/${caseId}/timeline` : null, null, [refresh]);
  if (error) return html`<p class="muted">${error.message}</p>`;
  if (!data) return html`<p class="muted">加载中…</p>`;
  const chain = data.chain;
  return html`<div>
    <p data-chain=${chain.intact ? "intact" : "broken"}>${chain.intact
      ? html`<span class="badge green">✓ 审计链完整</span> <span class="muted small">${chain.events} 个步骤逐一哈希相连</span>`
      : html`<span class="badge red">✗ 审计链断裂</span> 第 ${chain.broken_at_seq} 步：${chain.reason}`}</p>
    <ul class="timeline">${data.events.map((e) => html`<li key=${e.seq}>
      <b>${t("event", e.event_type)}</b> <span class="muted small">${when(e.occurred_at)} · ${t("role", e.actor_role)} ${e.actor_id}</span>
      ${e.from_state !== e.to_state && e.from_state ? html` <span class="small">${t("state", e.from_state)} → ${t("state", e.to_state)}</span>` : ""}
      ${e.reason ? html`<div class="small">理由：${e.reason}</div>` : ""}
      ${eventDetail(e)}
    </li>`)}</ul></div>`;
}
function eventDetail(e) {
  const d = e.data || {};
  if (e.event_type === "dispatched" && d.department_id) return html`<div class="small">派往 ${ref.departmentOf?.[d.department_id]?.name || d.department_id}</div>`;
  if (e.event_type === "resolved" && d.note) return html`<div class="small">处置说明：${d.note}</div>`;
  if (e.event_type === "report_linked" && d.dedupe) return html`<div class="small">依据：${d.dedupe.rule === "reporter_same_problem" ? "网格员确认为同一问题" : `去重得分 ${d.dedupe.score ?? "—"}（${d.dedupe.rule}）`}</div>`;
  if (e.event_type === "postponement_requested" || e.event_type === "postponed") return html`<div class="small">${d.hours} 小时</div>`;
  return null;
}

// -- category picker: the registry's taxonomy, searchable by Chinese or pinyin ---------
export function CategoryPicker({ value, onChange }) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const matches = ref.categories.filter((c) => !q || c.label.includes(query.trim()) || c.pinyin.includes(q) || c.initials.includes(q) || (ref.gridOf[c.grid] || "").includes(query.trim()));
  return html`<div>
    <input placeholder="搜索类别，如「井盖」或拼音 jg" value=${query} onInput=${(e) => setQuery(e.target.value)} data-test="category-search" />
    <div class="tree" role="tree">${ref.grids.map((g) => {
      const leaves = matches.filter((c) => c.grid === g.code);
      return leaves.length ? html`<div key=${g.code}><div class="grid-name">${g.label}</div>
        ${leaves.map((c) => html`<div role="treeitem" class=${`leaf ${value === c.code ? "chosen" : ""}`} key=${c.code} onClick=${() => onChange(c)}>${c.label}</div>`)}</div>` : null;
    })}</div>
    ${value ? html`<p class="small">已选：<b>${gridName(ref.categoryOf[value]?.grid)} · ${categoryName(value)}</b></p>` : ""}
  </div>`;
}

// -- maps: the registry's own cells (no tiles) --------------------------------------------
const shapes = new Map();
export function mapLayer(name) {
  if (!shapes.has(name)) shapes.set(name, api(`/console/map/${name}.geojson`).catch((e) => { shapes.delete(name); throw e; }));
  return shapes.get(name);
}

// Charts draw as SVG: their text is then laid out by the browser with the page's fonts
// (the shipped font's slices load as the text needs them; a canvas would not ask for them).
export const FONT = getComputedStyle(document.documentElement).fontFamily;
const RENDER = { renderer: "svg" };

// A map of cells (optionally one township's), shaded by `values` {code: number}; roads drawn;
// onCell(code) when a cell is clicked, onPoint([lon, lat]) for a tap anywhere.
export function CellMap({ values = {}, township, focus, marker, onCell, onPoint, small, label = "未结案件", max }) {
  const box = useRef(null);
  const chart = useRef(null);
  const handlers = useRef({});
  handlers.current = { onCell, onPoint };
  const props = useRef({});
  props.current = { values, focus, marker, label, max };
  useEffect(() => {
    let disposed = false;
    Promise.all([echartsReady(), mapLayer("cells"), mapLayer("roads")]).then(([echarts, cells, roads]) => {
      if (disposed) return;
      const features = township ? cells.features.filter((f) => f.properties.township === township) : cells.features;
      const key = `cells-${township || "all"}`;
      if (!echarts.getMap(key)) echarts.registerMap(key, { type: "FeatureCollection", features });
      chart.current = echarts.init(box.current, null, RENDER);
      chart.current.__roads = roads.features.filter((f) => !township || f.properties.township === township);
      chart.current.__key = key;
      chart.current.on("click", (p) => {
        if (p.componentType === "series" && p.seriesType === "map" && handlers.current.onCell) handlers.current.onCell(p.name);
      });
      chart.current.getZr().on("click", (e) => {
        if (!handlers.current.onPoint) return;
        const point = chart.current.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
        if (point) handlers.current.onPoint(point);
      });
      draw();
    });
    const resize = () => chart.current && chart.current.resize();
    window.addEventListener("resize", resize);
    return () => { disposed = true; window.removeEventListener("resize", resize); chart.current && chart.current.dispose(); };
  }, [township]);
  useEffect(() => draw(), [JSON.stringify(values), focus, JSON.stringify(marker)]);
  function draw() {
    const c = chart.current;
    if (!c) return;
    const { values, focus, marker, label, max } = props.current;
    const data = Object.entries(values).map(([name, value]) => ({ name, value }));
    const top = max || Math.max(1, ...Object.values(values));
    c.setOption({
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "item", formatter: (p) => p.seriesType === "map" ? `${ref.cells[p.name]?.name || p.name}<br/>${label}：${Number.isFinite(p.value) ? p.value : 0}` : p.name },
      visualMap: { min: 0, max: top, left: 8, bottom: 8, text: ["多", "少"], calculable: true, inRange: { color: ["#eef3fb", "#7aa7e6", "#c62828"] }, seriesIndex: 0 },
      // The map series draws on this geo component, so the geo must take clicks: a silent
      // one swallows them and no cell could be clicked.
      geo: { map: c.__key, roam: true, itemStyle: { areaColor: "#f7f9fc", borderColor: "#b8c6d8", borderWidth: 0.5 }, emphasis: { disabled: true },
        selectedMode: "single", select: { itemStyle: { areaColor: "#ffd54f" }, label: { show: false } } },
      series: [
        { type: "map", map: c.__key, geoIndex: 0, data, selectedMode: "single", select: { itemStyle: { areaColor: "#ffd54f" }, label: { show: false } }, label: { show: false },
          itemStyle: { borderColor: "#9fb3cc", borderWidth: 0.5 }, emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffe082" } } },
        { type: "lines", coordinateSystem: "geo", polyline: true, silent: true, lineStyle: { color: "#8d6e63", width: 1.2, opacity: 0.8 },
          data: c.__roads.map((f) => ({ name: f.properties.label, coords: f.geometry.coordinates })) },
        { type: "scatter", coordinateSystem: "geo", symbolSize: 14, itemStyle: { color: "#c62828" }, data: marker ? [{ value: marker }] : [] },
      ],
    }, { replaceMerge: ["series"] });
    if (focus) c.dispatchAction({ type: "select", seriesIndex: 0, name: focus });
  }
  return html`<div class=${`map ${small ? "small" : ""}`} ref=${box} data-test="cell-map"></div>`;
}

// A chart from an ECharts option.
export function Chart({ option, height = 320, onClick, test }) {
  const box = useRef(null);
  const chart = useRef(null);
  const latest = useRef(option);
  latest.current = option;
  // The handler of the latest render: one bound at start would keep the first data it saw
  // (a ranking switched from departments to townships would open a department's cases).
  const clicked = useRef(onClick);
  clicked.current = onClick;
  useEffect(() => {
    let live = true;
    echartsReady().then((echarts) => {
      if (!live) return;
      chart.current = echarts.init(box.current, null, RENDER);
      chart.current.setOption({ textStyle: { fontFamily: FONT }, ...latest.current });
      chart.current.on("click", (p) => clicked.current && clicked.current(p));
    });
    const resize = () => chart.current && chart.current.resize();
    window.addEventListener("resize", resize);
    return () => { live = false; window.removeEventListener("resize", resize); chart.current && chart.current.dispose(); };
  }, []);
  useEffect(() => { chart.current && chart.current.setOption({ textStyle: { fontFamily: FONT }, ...option }, true); }, [JSON.stringify(option)]);
  return html`<div class="chart" style=${`height:${height}px`} ref=${box} data-test=${test || ""}></div>`;
}

export function Pager({ page, onOffset }) {
  if (!page || page.total <= page.limit) return null;
  const { offset, limit, total } = page;
  return html`<div class="row small" style="margin-top:8px">
    <button class="secondary" disabled=${offset === 0} onClick=${() => onOffset(Math.max(0, offset - limit))}>上一页</button>
    <span>${offset + 1}–${Math.min(offset + limit, total)} / 共 ${total}</span>
    <button class="secondary" disabled=${offset + limit >= total} onClick=${() => onOffset(offset + limit)}>下一页</button></div>`;
}

export const go = (hash) => { window.location.hash = hash; };
