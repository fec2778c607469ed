// Supervisor dashboard (监督): figures people read, trends, ranked bars, the map, closure
// times, overdue and late cases, L2P3 with its evidence; every figure opens its cases.
import { html, useState, useApi, Chart, CellMap, Pager, go, toast, showError } from "./ui.js";
import { download } from "./api.js";
import { t, percent, hours, when } from "./i18n.js";
import { ref, departmentName, placeName, categoryName, gridName } from "./ref.js";

const RATES = ["acceptance_rate", "on_time_acceptance", "dispatch_accuracy", "disposal_rate", "on_time_disposal", "closure_rate", "on_time_closure", "rework_rate", "postponement_rate", "duplicate_report_rate", "placed_share", "response_rate", "resolution_rate", "satisfaction_rate"];
const COUNTS = ["cases", "reports", "cases_accepted", "open_overdue", "escalations", "cross_grid_cases", "hotline_reports", "unsatisfied_cases"];
// Which cases stand behind each figure (/kpi/cases?measure=...).
const BEHIND = {
  cases: "cases", reports: "cases", cases_accepted: "accepted", acceptance_rate: "accepted", on_time_acceptance: "accepted_late",
  dispatch_accuracy: "returned", disposal_rate: "resolved", on_time_disposal: "resolved_late", closure_rate: "closed",
  on_time_closure: "closed_late", open_overdue: "open_overdue", rework_rate: "reworked", postponement_rate: "postponed",
  escalations: "escalated", cross_grid_cases: "cross_grid", duplicate_report_rate: "merged", placed_share: "unplaced",
  response_rate: "responded_late", resolution_rate: "unsolved", satisfaction_rate: "rated", hotline_reports: "hotline",
  unsatisfied_cases: "unsatisfied",
};
const PERIODS = [["day", "今日"], ["week", "本周"], ["month", "本月"], ["quarter", "本季度"], ["", "全部"]];
const BUCKETS = ["1天内", "1–3天", "3–7天", "7–15天", "15–30天", "30天以上"];
// Each bar's bounds in hours (the audit's distribution: dispatch/kpi_audit.py).
const BUCKET_HOURS = [[0, 24], [24, 72], [72, 168], [168, 360], [360, 720], [720, null]];

function slice(params) {
  const out = {};
  for (const key of ["period", "at", "start", "end", "grid", "department", "area", "category"]) if (params[key]) out[key] = params[key];
  return out;
}
const toQuery = (o) => new URLSearchParams(Object.entries(o).filter(([, v]) => v)).toString();
const casesLink = (measure, extra = {}, base = {}) => `#/s/cases?${toQuery({ ...base, ...extra, measure })}`;

export function Dashboard({ me, params }) {
  const [period, setPeriod] = useState(params.period ?? "month");
  const [interval, setInterval_] = useState("day");
  const [by, setBy] = useState("department");
  const [mapOf, setMapOf] = useState("open");
  const base = slice({ ...params, period });
  const summary = useApi("/kpi/summary", base);
  const series = useApi("/kpi/series", { ...slice(params), interval });
  const breakdown = useApi("/kpi/breakdown", { ...base, by });
  const audit = useApi("/kpi/audit", { ...base, top: 20 });
  const integration = useApi("/kpi/integration", base);
  const areas = useApi("/cases/areas", { level: "cell" });
  const k = summary.data?.indicators;
  const figure = (name) => {
    const value = k ? k[name] : null;
    const shown = RATES.includes(name) ? percent(value) : value ?? "—";
    return html`<div class="figure" key=${name} data-figure=${name}><a href=${casesLink(BEHIND[name] || "cases", {}, base)}>
      <div class="value">${shown}</div><div class="name">${t("kpi", name)}</div></a></div>`;
  };
  const duration = (name) => html`<div class="figure" key=${name}><a href=${casesLink("closed", {}, base)}>
    <div class="value">${hours(k?.[name]?.median)}</div><div class="name">${t("kpi", name)}（中位）</div>
    <div class="small muted">平均 ${hours(k?.[name]?.mean)} · P90 ${hours(k?.[name]?.p90)} · ${k?.[name]?.count ?? 0} 件</div></a></div>`;
  return html`<div class="page">
    <div class="row" style="margin-bottom:8px"><h2 class="grow">监督看板 <span class="small muted">${me.display_name} · ${me.area_code ? placeName(me.area_code) : me.department_id ? departmentName(me.department_id) : "全市"}</span></h2>
      <select value=${period} onChange=${(e) => setPeriod(e.target.value)} aria-label="时段">${PERIODS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
      <button class="secondary" onClick=${() => download(`/kpi/audit.csv?${toQuery({ ...base, cases: "closed_late" })}`, "超期结案.csv").catch(showError)}>导出超期结案 CSV</button>
      <button class="secondary" onClick=${() => download(`/kpi/audit.csv?${toQuery({ ...base, cases: "open_overdue" })}`, "超期未结.csv").catch(showError)}>导出超期未结 CSV</button>
    </div>
    ${summary.error && html`<p class="badge red">${summary.error.message}</p>`}
    <div class="figures" data-test="figures">${COUNTS.map(figure)}${RATES.map(figure)}${["time_to_accept", "time_to_dispatch", "time_to_resolve", "time_to_close"].map(duration)}</div>
    <div class="grid2" style="margin-top:12px">
      <div class="card"><div class="row"><h3 class="grow">趋势</h3><select value=${interval} onChange=${(e) => setInterval_(e.target.value)}><option value="day">按日</option><option value="week">按周</option><option value="month">按月</option></select></div>
        ${series.data && html`<${Chart} option=${trendOption(series.data)} onClick=${(p) => go(casesLink("cases", { period: interval, at: series.data.points[p.dataIndex]?.period }))} />`}</div>
      <div class="card"><div class="row"><h3 class="grow">排名</h3><select value=${by} onChange=${(e) => setBy(e.target.value)}><option value="department">按部门</option><option value="township">按乡镇街道</option><option value="grid">按网格</option><option value="category">按类别</option></select></div>
        ${breakdown.data && html`<${Chart} test="ranking" height=${Math.max(260, 26 * Math.min(breakdown.data.rows.length, 15))} option=${rankOption(breakdown.data, by)}
          onClick=${(p) => { const row = rankRows(breakdown.data, by)[p.dataIndex]; if (row) go(`#/s/cases?${new URLSearchParams(row.cases_behind.cases.split("?")[1]).toString()}`); }} />`}</div>
    </div>
    <div class="grid2">
      <div class="card"><div class="row"><h3 class="grow">网格热力</h3><select value=${mapOf} onChange=${(e) => setMapOf(e.target.value)}><option value="open">未结案件</option><option value="overdue">超期案件</option></select></div>
        <${CellMap} values=${Object.fromEntries((areas.data || []).map((a) => [a.code, a[mapOf]]))} label=${mapOf === "open" ? "未结案件" : "超期案件"} onCell=${(cell) => go(`#/d/cases?cell=${cell}`)} /></div>
      <div class="card"><h3>结案用时分布 <span class="small muted">点柱查看案件</span></h3>${audit.data && html`<${Chart} test="closure-histogram" option=${histogramOption(audit.data)} height=${300}
        onClick=${(p) => { const [from, to] = BUCKET_HOURS[p.dataIndex] || []; if (from !== undefined) go(casesLink("closed", { closure_from_hours: from, closure_to_hours: to }, base)); }} />`}</div>
    </div>
    ${audit.data && html`<div class="grid2">
      <div class="card"><h3>超期未结 <a href=${casesLink("open_overdue", {}, base)}>${audit.data.open_overdue.total} 件</a></h3><${AuditList} rows=${audit.data.open_overdue.cases} /></div>
      <div class="card"><h3>超期结案 <a href=${casesLink("closed_late", {}, base)}>${audit.data.closed_late.total} 件</a></h3><${AuditList} rows=${audit.data.closed_late.cases} /></div>
    </div>`}
    ${integration.data && html`<${Integration} level=${integration.data} base=${base} />`}
  </div>`;
}

function trendOption(data) {
  const x = data.points.map((p) => p.period);
  return {
    tooltip: { trigger: "axis" }, legend: { top: 0, data: ["案件数", "结案率", "按期结案率"] },
    grid: { left: 40, right: 48, bottom: 30, top: 36 },
    xAxis: { type: "category", data: x },
    yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "案件数", type: "bar", data: data.points.map((p) => p.indicators.cases), itemStyle: { color: "#7aa7e6" } },
      { name: "结案率", type: "line", yAxisIndex: 1, data: data.points.map((p) => pct(p.indicators.closure_rate)) },
      { name: "按期结案率", type: "line", yAxisIndex: 1, data: data.points.map((p) => pct(p.indicators.on_time_closure)) },
    ],
  };
}
const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

function label(row, by) {
  if (by === "department") return row.name || departmentName(row.value);
  if (by === "grid") return gridName(row.value);
  if (by === "category") return categoryName(row.value);
  return row.name || placeName(row.value);
}
function rankRows(data, by) {
  return [...data.rows].filter((r) => r.value !== "(none)").sort((a, b) => b.indicators.cases - a.indicators.cases).slice(0, 15).reverse();
}
function rankOption(data, by) {
  const rows = rankRows(data, by);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { data: ["案件数", "超期未结"] },
    grid: { left: 170, right: 24, top: 30, bottom: 20 },
    xAxis: { type: "value" }, yAxis: { type: "category", data: rows.map((r) => label(r, by)), axisLabel: { width: 160, overflow: "truncate" } },
    series: [
      { name: "案件数", type: "bar", data: rows.map((r) => r.indicators.cases), itemStyle: { color: "#1f5fbf" } },
      { name: "超期未结", type: "bar", data: rows.map((r) => r.indicators.open_overdue), itemStyle: { color: "#c62828" } },
    ],
  };
}
function histogramOption(audit) {
  const totals = BUCKETS.map(() => 0);
  for (const group of audit.closure_times.by_department) group.distribution.forEach((b, i) => { totals[i] += b.cases; });
  return {
    tooltip: {}, grid: { left: 40, right: 16, top: 20, bottom: 30 },
    xAxis: { type: "category", data: BUCKETS }, yAxis: { type: "value", name: "件" },
    series: [{ type: "bar", data: totals, itemStyle: { color: "#2e7d32" }, label: { show: true, position: "top" } }],
  };
}

function AuditList({ rows }) {
  if (!rows.length) return html`<p class="muted small">无</p>`;
  return html`<table class="cards"><thead><tr><th>案件</th><th>部门</th><th>上报</th><th>用时/时限</th></tr></thead><tbody>
    ${rows.map((r) => html`<tr key=${r.case_id} class="clickable" onClick=${() => go(`#/case/${r.case_id}`)}><td><a>${r.case_id.slice(0, 8)}</a> <span class="small muted">${categoryName(r.category)}</span></td>
      <td class="small">${departmentName(r.department)}</td><td class="small">${when(r.reported_at)}</td>
      <td class="small">${r.hours_to_close !== null ? hours(r.hours_to_close) : `时限 ${when(r.running_due)}`} · 超时步骤 ${r.late_steps}</td></tr>`)}</tbody></table>`;
}

function Integration({ level, base }) {
  const stars = level.star_level ? "★".repeat(level.star_level) : "";
  const dims = Object.keys(level.weights);
  return html`<div class="card" data-test="integration"><h3>多网格融合水平（L2P3）</h3>
    <p><span class="stars">${stars || "☆"}</span> ${level.star_level ? `${level.star_level} 星` : "未达四星"} · 完全融合部门 <b>${level.fully_merged}</b> 个 · 综合得分 ${level.composite_score !== null ? level.composite_score.toFixed(1) : "—"}
      <span class="small muted">（4 个部门完全融合为四星，超过 5 个为五星）</span></p>
    <table class="cards"><thead><tr><th>部门</th><th>案件</th>${dims.map((d) => html`<th>${t("dimension", d)}</th>`)}<th>尚缺</th></tr></thead><tbody>
      ${level.departments.map((d) => html`<tr key=${d.department} data-department=${d.department}><td><a href=${casesLink("cases", { department: d.department }, base)}>${d.name || departmentName(d.department)}</a></td>
        <td><a href=${casesLink("cases", { department: d.department }, base)}>${d.cases}</a></td>
        ${d.dimensions.map((j) => html`<td title=${`${j.measured}：${j.numerator}${j.denominator !== null ? ` / ${j.denominator}` : ""}，门槛 ${j.denominator !== null ? percent(j.threshold, 0) : j.threshold}`}>
          ${j.met ? html`<span class="badge green">✓</span>` : html`<span class="badge red">✗</span>`}
          <div class="small muted">${j.value === null ? "无数据" : j.denominator !== null ? percent(j.value, 0) : j.value}</div></td>`)}
        <td class="small">${d.dimensions.filter((j) => !j.met).map((j) => t("dimension", j.dimension)).join("、") || "已完全融合"}</td></tr>`)}
    </tbody></table></div>`;
}

// The cases behind a figure.
export function KpiCases({ me, params }) {
  const [offset, setOffset] = useState(0);
  const { data, error } = useApi("/kpi/cases", { ...params, limit: 50, offset });
  return html`<div class="page"><h2>${t("measure", params.measure || "cases")} <span class="small muted">${params.period ? `（${PERIODS.find(([v]) => v === params.period)?.[1] || params.period}${params.at ? ` ${params.at}` : ""}）` : ""}</span></h2>
    <p class="small muted" data-test="kpi-cases-slice">${slicePhrase(params)}</p>
    <p><a onClick=${() => history.back()}>← 返回</a></p>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && html`<p>共 ${data.total} 件</p><table class="cards"><thead><tr><th>案件</th><th>网格</th><th>部门</th><th>乡镇街道</th><th>上报</th><th>结案用时</th><th>超时/退回/返工/督办</th></tr></thead><tbody>
      ${data.cases.map((r) => html`<tr key=${r.case_id} class="clickable" onClick=${() => go(`#/case/${r.case_id}`)}><td><a>${r.case_id.slice(0, 8)}</a> ${categoryName(r.category)}</td>
        <td>${gridName(r.grid)}</td><td class="small">${departmentName(r.department)}</td><td>${placeName(r.township)}</td><td class="small">${when(r.reported_at)}</td>
        <td>${hours(r.hours_to_close)}</td><td class="small">${r.late_steps} / ${r.returns} / ${r.reworks} / ${r.escalations}</td></tr>`)}</tbody></table>
      <${Pager} page=${{ total: data.total, limit: data.limit, offset: data.offset }} onOffset=${setOffset} />`}
  </div>`;
}

// What the list is narrowed to, in words (names, not codes).
function slicePhrase(params) {
  const parts = [];
  if (params.department) parts.push(`部门：${departmentName(params.department)}`);
  if (params.area) parts.push(`区域：${placeName(params.area)}`);
  if (params.grid) parts.push(`网格：${gridName(params.grid)}`);
  if (params.category) parts.push(`类别：${categoryName(params.category)}`);
  if (params.closure_from_hours || params.closure_to_hours) {
    const from = Number(params.closure_from_hours || 0) / 24, to = params.closure_to_hours ? Number(params.closure_to_hours) / 24 : null;
    parts.push(`结案用时：${to === null ? `${from} 天以上` : `${from}–${to} 天`}`);
  }
  return parts.join(" · ");
}
