// Dispatcher workbench (指挥调度): live queue, duplicates, postponements, every case; map.
import { html, useState, useEffect, useRef, useApi, useLive, toast, showError, StateBadge, Priority, Countdown, CellMap, Modal, Pager, Photos, go } from "./ui.js";
import { api } from "./api.js";
import { t, when } from "./i18n.js";
import { ref, categoryName, gridName, departmentName, placePath, townships, communitiesOf, cellsOf } from "./ref.js";

const TABS = [["queue", "queue"], ["duplicates", "duplicates"], ["postponements", "postponements"], ["cases", "all_cases"]];

export function DispatchBoard({ me, tab, params }) {
  return html`<div class="page">
    <div class="tabs">${TABS.filter(([k]) => me.role !== "supervisor" || k === "cases").map(([key, word]) => html`<a href=${`#/d/${key}`} class=${tab === key ? "active" : ""}>${t(word)}</a>`)}</div>
    ${tab === "queue" && html`<${CaseBoard} me=${me} source="/queue" params=${params} />`}
    ${tab === "cases" && html`<${CaseBoard} me=${me} source="/cases" params=${params} />`}
    ${tab === "duplicates" && html`<${Duplicates} me=${me} />`}
    ${tab === "postponements" && html`<${Postponements} me=${me} />`}
  </div>`;
}

const QUEUE_STATES = ["reported", "accepted", "returned"];
const ALL_STATES = ["reported", "accepted", "dispatched", "returned", "in_progress", "rework", "resolved", "verified", "closed", "suspended", "rejected", "merged"];

function Filters({ filters, set, states }) {
  const community = filters.community, township = filters.township;
  const field = (name) => (e) => set({ ...filters, [name]: e.target.type === "checkbox" ? e.target.checked : e.target.value, offset: 0 });
  const categories = ref.categories.filter((c) => !filters.grid || c.grid === filters.grid);
  return html`<div class="filters" data-test="filters">
    <input placeholder="搜索标题、描述、地址、编号" value=${filters.q || ""} onInput=${field("q")} data-test="search" />
    <select value=${filters.state || ""} onChange=${field("state")} aria-label="状态"><option value="">全部状态</option>${states.map((s) => html`<option value=${s}>${t("state", s)}</option>`)}</select>
    <select value=${filters.grid || ""} onChange=${(e) => set({ ...filters, grid: e.target.value, category: "", offset: 0 })} aria-label="网格"><option value="">全部网格</option>${ref.grids.map((g) => html`<option value=${g.code}>${g.label}</option>`)}</select>
    <select value=${filters.category || ""} onChange=${field("category")} aria-label="类别"><option value="">全部类别</option>${categories.map((c) => html`<option value=${c.code}>${c.label}</option>`)}</select>
    <select value=${township || ""} onChange=${(e) => set({ ...filters, township: e.target.value, community: "", cell: "", offset: 0 })} aria-label="乡镇街道"><option value="">全部乡镇街道</option>${townships().map((p) => html`<option value=${p.code}>${p.name}</option>`)}</select>
    <select value=${community || ""} disabled=${!township} onChange=${(e) => set({ ...filters, community: e.target.value, cell: "", offset: 0 })} aria-label="社区"><option value="">全部社区/村</option>${township && communitiesOf(township).map((p) => html`<option value=${p.code}>${p.name}</option>`)}</select>
    <select value=${filters.cell || ""} disabled=${!community && !filters.cell} onChange=${field("cell")} aria-label="网格单元"><option value="">全部网格单元</option>${filters.cell && !community ? html`<option value=${filters.cell}>${ref.cells[filters.cell]?.name || filters.cell}</option>` : ""}${community && cellsOf(community).map((p) => html`<option value=${p.code}>${p.name}</option>`)}</select>
    <select value=${filters.department || ""} onChange=${field("department")} aria-label="部门"><option value="">全部部门</option>${ref.departments.map((d) => html`<option value=${d.id}>${d.name}</option>`)}</select>
    <select value=${filters.source || ""} onChange=${field("source")} aria-label="来源"><option value="">全部来源</option><option value="grid_system">${t("channel", "grid_system")}</option><option value="api">${t("channel", "api")}</option><option value="open311">${t("channel", "open311")}</option></select>
    <input type="date" value=${filters.reported_from || ""} onChange=${field("reported_from")} aria-label="上报起" title="上报日期从" />
    <input type="date" value=${filters.reported_to || ""} onChange=${field("reported_to")} aria-label="上报止" title="上报日期至" />
    <select value=${filters.sort || ""} onChange=${field("sort")} aria-label="排序"><option value="">默认排序</option><option value="deadline">按时限</option><option value="priority">紧急优先</option><option value="newest">最新上报</option><option value="oldest">最早上报</option><option value="updated">最近变动</option></select>
    <label class="small" style="margin:0"><input type="checkbox" checked=${!!filters.overdue} onChange=${field("overdue")} style="width:auto" /> 只看超期</label>
  </div>`;
}

function query(filters) {
  const area = filters.cell || filters.community || filters.township || undefined;
  return {
    q: filters.q, state: filters.state, grid: filters.grid, category: filters.category, area, department: filters.department,
    source: filters.source, reported_from: filters.reported_from, reported_to: filters.reported_to, sort: filters.sort,
    overdue: filters.overdue, limit: 50, offset: filters.offset || 0,
  };
}

export function CaseBoard({ me, source, params }) {
  const [filters, setFilters] = useState({ ...params });
  const { data, error, reload } = useApi(source, query(filters));
  const areas = useApi("/cases/areas", { level: "cell" });
  const [selected, setSelected] = useState(new Set());
  const [fresh, setFresh] = useState(new Set());
  const [bulk, setBulk] = useState(false);
  const known = useRef(null);
  useLive((change) => { reload(); areas.reload(); });
  useEffect(() => {
    if (!data) return;
    const ids = data.items.map((c) => c.id);
    if (known.current) setFresh(new Set(ids.filter((id) => !known.current.has(id))));
    known.current = new Set([...(known.current || []), ...ids]);
  }, [data]);
  const values = Object.fromEntries((areas.data || []).map((a) => [a.code, a.open]));
  const toggle = (id) => setSelected((s) => { const n = new Set(s); n.has(id) ? n.delete(id) : n.add(id); return n; });
  const dispatcher = ["dispatcher", "admin"].includes(me.role);
  return html`<div class="grid2">
    <div>
      <div class="card"><${Filters} filters=${filters} set=${setFilters} states=${source === "/queue" ? QUEUE_STATES : ALL_STATES} /></div>
      <div class="row" style="margin-bottom:6px">
        <span class="grow">${data ? html`共 <b data-test="total">${data.total}</b> 件${source === "/queue" ? "待处理，按时限和紧急程度排列" : ""}` : "加载中…"}</span>
        ${dispatcher && html`<button disabled=${!selected.size} onClick=${() => setBulk(true)} data-test="bulk-dispatch">批量派遣 (${selected.size})</button>`}
      </div>
      ${error && html`<p class="badge red">${error.message}</p>`}
      ${data && html`<${CaseTable} items=${data.items} fresh=${fresh} selected=${dispatcher ? selected : null} toggle=${toggle} />`}
      <${Pager} page=${data} onOffset=${(offset) => setFilters({ ...filters, offset })} />
    </div>
    <div class="card"><h3>网格分布 <span class="small muted">未结案件数 · 点网格筛选</span></h3>
      <${CellMap} values=${values} focus=${filters.cell} onCell=${(cell) => setFilters({ ...filters, cell, township: "", community: "", offset: 0 })} />
      ${filters.cell && html`<p class="small" data-test="cell-filter" data-cell=${filters.cell}>已筛选网格：${placePath(filters.cell)} <a onClick=${() => setFilters({ ...filters, cell: "", offset: 0 })}>清除</a></p>`}
    </div>
    ${bulk && html`<${BulkDispatch} ids=${[...selected]} items=${(data?.items || []).filter((c) => selected.has(c.id))} onClose=${() => { setBulk(false); setSelected(new Set()); reload(); }} />`}
  </div>`;
}

export function CaseTable({ items, fresh = new Set(), selected, toggle }) {
  if (!items.length) return html`<p class="muted card">没有符合条件的案件</p>`;
  return html`<table class="cards" data-test="case-table"><thead><tr>${selected && html`<th></th>`}<th>时限</th><th>状态</th><th>案件</th><th>位置</th><th>部门</th><th>上报</th></tr></thead>
    <tbody>${items.map((c) => {
      const overdue = c.overdue_since || (c.deadline_at && new Date(c.deadline_at) < new Date());
      return html`<tr key=${c.id} data-case=${c.id} class=${`clickable ${overdue ? "overdue" : ""} ${fresh.has(c.id) ? "fresh" : ""}`} onClick=${() => go(`#/case/${c.id}`)}>
        ${selected && html`<td onClick=${(e) => e.stopPropagation()}><input type="checkbox" checked=${selected.has(c.id)} onChange=${() => toggle(c.id)} aria-label="选择" /></td>`}
        <td><${Countdown} deadline=${c.deadline_at} step=${c.deadline_step} /></td>
        <td><${StateBadge} state=${c.state} /> <${Priority} value=${c.priority} /></td>
        <td><b>${c.title}</b><div class="small muted">${gridName(c.origin_grid)} · ${categoryName(c.category)}${c.report_count > 1 ? ` · ${c.report_count} 条上报` : ""}</div></td>
        <td class="small">${placePath(c.cell_code, c.township_code)}</td>
        <td class="small">${c.department_id ? departmentName(c.department_id) : c.suggested_department_id ? html`<span class="muted">建议：${departmentName(c.suggested_department_id)}</span>` : "—"}</td>
        <td class="small">${when(c.reported_at)}</td>
      </tr>`;
    })}</tbody></table>`;
}

function BulkDispatch({ items, onClose }) {
  const [department, setDepartment] = useState("");
  const [results, setResults] = useState(null);
  async function run() {
    const out = [];
    for (const c of items) {
      const target = department || c.suggested_department_id;
      try {
        if (!target) throw new Error("没有建议部门，请指定");
        if (c.state === "reported") await api(`/cases/${c.id}/accept`, { method: "POST", body: { request_id: `bulk-accept-${c.id}` } });
        await api(`/cases/${c.id}/dispatch`, { method: "POST", body: { department_id: target, request_id: `bulk-dispatch-${c.id}-${target}` } });
        out.push({ c, ok: true, target });
      } catch (e) { out.push({ c, ok: false, error: e.message }); }
      setResults([...out]);
    }
    toast(`批量派遣：${out.filter((r) => r.ok).length} 件成功，${out.filter((r) => !r.ok).length} 件未派遣`);
  }
  return html`<${Modal} onClose=${onClose}><h2>批量派遣 ${items.length} 件</h2>
    <label>派往</label><select value=${department} onChange=${(e) => setDepartment(e.target.value)}><option value="">各案件的建议部门（权责清单）</option>${ref.departments.map((d) => html`<option value=${d.id}>${d.name}</option>`)}</select>
    <p><button onClick=${run} disabled=${!!results} data-test="bulk-run">立案并派遣</button></p>
    ${results && html`<ul>${results.map((r) => html`<li>${r.c.title}：${r.ok ? html`<span class="badge green">已派往 ${departmentName(r.target)}</span>` : html`<span class="badge red">${r.error}</span>`}</li>`)}</ul>`}
  <//>`;
}

function Duplicates({ me }) {
  const [sort, setSort] = useState("newest");
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi("/queue/duplicates", { sort, limit: 20, offset });
  const [compare, setCompare] = useState(null);
  useLive(reload);
  async function dismiss(s) {
    try { await api(`/duplicates/${s.id}/dismiss`, { method: "POST" }); toast("已标记为不是重复"); reload(); } catch (e) { showError(e); }
  }
  return html`<div>
    <div class="row" style="margin-bottom:8px"><span class="grow">${data ? `${data.total} 组疑似重复` : ""}</span>
      <select value=${sort} onChange=${(e) => setSort(e.target.value)}><option value="newest">最新的在前</option><option value="score">最相似的在前</option></select></div>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && data.items.map((s) => html`<div class="card" key=${s.id} data-test="duplicate">
      <div class="row"><span class="badge amber">相似度 ${Math.round(s.score * 100)}%</span><span class="small muted">${when(s.created_at)}</span></div>
      <div class="side-by-side">
        <div><b>${s.title}</b> <${StateBadge} state=${s.state} /><div class="small muted">${categoryName(s.category)} · ${s.address_text || ""} · ${when(s.reported_at)}</div></div>
        <div><b>${s.candidate_title || s.candidate_case_id}</b> ${s.candidate_state && html`<${StateBadge} state=${s.candidate_state} />`}<div class="small muted">${categoryName(s.candidate_category)} · ${s.candidate_address_text || ""} · ${when(s.candidate_reported_at)}</div></div>
      </div>
      <${ScoreParts} decision=${s.decision} caseId=${s.candidate_case_id} />
      <div class="row"><button onClick=${() => setCompare(s)} data-test="compare">对比并合并</button><button class="secondary" onClick=${() => dismiss(s)}>不是重复</button></div>
    </div>`)}
    <${Pager} page=${data} onOffset=${setOffset} />
    ${compare && html`<${Compare} left=${compare.case_id} right=${compare.candidate_case_id} onClose=${() => setCompare(null)} onMerged=${() => { setCompare(null); reload(); }} />`}
  </div>`;
}

export function ScoreParts({ decision, caseId }) {
  const candidate = (decision?.candidates || []).find((c) => c.case_id === caseId) || (decision?.candidates || [])[0];
  if (!candidate || !candidate.parts) return null;
  const names = { place: "位置", distance: "距离", time: "时间", text: "文字", category: "类别", address: "地址", cell: "网格" };
  return html`<div class="small muted" data-test="score-parts">得分构成：${Object.entries(candidate.parts).map(([k, v]) => html`<span class="badge grey" style="margin-right:4px">${names[k] || k} ${typeof v === "number" ? v.toFixed(2) : v}</span>`)}</div>`;
}

// Two cases side by side; merge the left one into the right one.
export function Compare({ left, right, onClose, onMerged }) {
  const a = useApi(`/cases/${left}`);
  const b = useApi(`/cases/${right}`);
  const [reason, setReason] = useState("同一事件，重复上报");
  async function merge(from, into) {
    try {
      await api(`/cases/${from}/merge`, { method: "POST", body: { into, reason } });
      toast("已合并：上报并入保留的案件");
      onMerged(into);
    } catch (e) { showError(e); }
  }
  const column = (q) => q.data ? html`<div data-test="compare-side">
    <h3>${q.data.title}</h3><${StateBadge} state=${q.data.state} /> <${Priority} value=${q.data.priority} />
    <table><tbody>
      <tr><th>类别</th><td>${gridName(q.data.origin_grid)} · ${categoryName(q.data.category)}</td></tr>
      <tr><th>地址</th><td>${q.data.address_text}<div class="small muted">${placePath(q.data.cell_code, q.data.township_code)}</div></td></tr>
      <tr><th>上报时间</th><td>${when(q.data.reported_at)}</td></tr>
      <tr><th>描述</th><td>${q.data.description}</td></tr>
      <tr><th>上报</th><td>${q.data.reports.length} 条（${q.data.grids.map(gridName).join("、")}）</td></tr>
      <tr><th>照片</th><td><${Photos} items=${q.data.reports.flatMap((r) => r.attachments)} label="照片" /></td></tr>
    </tbody></table></div>` : html`<p class="muted">加载中…</p>`;
  return html`<${Modal} onClose=${onClose}><h2>对比两个案件</h2>
    <div class="side-by-side">${column(a)}${column(b)}</div>
    <label>合并理由</label><input value=${reason} onInput=${(e) => setReason(e.target.value)} style="width:100%" />
    <div class="row" style="margin-top:8px">
      <button onClick=${() => merge(left, right)} data-test="merge-left-into-right">左侧并入右侧</button>
      <button class="secondary" onClick=${() => merge(right, left)}>右侧并入左侧</button></div>
  <//>`;
}

function Postponements({ me }) {
  const { data, error, reload } = useApi("/queue/postponements", { limit: 50 });
  useLive(reload);
  async function decide(c, approve) {
    try {
      await api(`/cases/${c.id}/${approve ? "approve-postponement" : "deny-postponement"}`, { method: "POST", body: {} });
      toast(approve ? "已批准延期" : "已驳回延期"); reload();
    } catch (e) { showError(e); }
  }
  if (error) return html`<p class="badge red">${error.message}</p>`;
  if (!data) return html`<p class="muted">加载中…</p>`;
  if (!data.items.length) return html`<p class="muted card">没有待审批的延期申请</p>`;
  return html`<table><thead><tr><th>案件</th><th>部门</th><th>申请</th><th>当前时限</th><th></th></tr></thead><tbody>
    ${data.items.map((c) => html`<tr key=${c.id} data-case=${c.id}><td><a href=${`#/case/${c.id}`}>${c.title}</a></td><td>${departmentName(c.department_id)}</td>
      <td>延期 ${c.pending_postponement_hours} 小时</td><td><${Countdown} deadline=${c.deadline_at} step=${c.deadline_step} /></td>
      <td><button onClick=${() => decide(c, true)}>批准</button> <button class="secondary" onClick=${() => decide(c, false)}>驳回</button></td></tr>`)}
  </tbody></table>`;
}
