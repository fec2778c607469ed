// One case: reports from every grid with photos, placement and its reasons, the route
// suggestion, the de-duplication decision, resolution, timeline with the audit-chain check,
// and every action the caller may take now.
import { html, useState, useApi, useLive, toast, showError, StateBadge, Priority, Countdown, Photos, Timeline, CellMap, Modal, go } from "./ui.js";
import { api } from "./api.js";
import { t, when, percent } from "./i18n.js";
import { ref, categoryName, gridName, departmentName, placePath, placeName } from "./ref.js";
import { Compare, ScoreParts } from "./dispatch.js";

export function CasePage({ id, me }) {
  const { data, error, reload } = useApi(`/cases/${id}`);
  const [tick, setTick] = useState(0);
  const refresh = () => { reload(); setTick((x) => x + 1); };
  useLive(refresh, (change) => change.id === id);
  if (error) return html`<div class="page"><p class="badge red">${error.status === 404 ? "没有这个案件，或它不在您的范围内" : error.message}</p></div>`;
  if (!data) return html`<p class="page muted">加载中…</p>`;
  const c = data;
  return html`<div class="page" data-case=${c.id} data-state=${c.state}>
    <div class="card">
      <div class="row"><h1 class="grow">${c.title}</h1><${StateBadge} state=${c.state} /> <${Priority} value=${c.priority} />
        ${c.deadline_at && html`<${Countdown} deadline=${c.deadline_at} step=${c.deadline_step} />`}</div>
      <div class="small muted">编号 ${c.id} · ${gridName(c.origin_grid)} · ${categoryName(c.category)} · 上报于 ${when(c.reported_at)}
        ${c.department_id ? ` · 承办：${departmentName(c.department_id)}` : ""}${c.escalation_level ? ` · 督办 ${c.escalation_level} 级（${departmentName(c.escalated_to)}）` : ""}
        ${c.merged_into ? html` · 已并入 <a href=${`#/case/${c.merged_into}`}>${c.merged_into.slice(0, 8)}</a>` : ""}</div>
      ${c.pending_postponement_hours ? html`<p class="badge amber" data-test="pending-postponement">延期申请待审批：${c.pending_postponement_hours} 小时</p>` : ""}
      <p>${c.description}</p>
      <${Actions} c=${c} me=${me} onDone=${(command) => command === "return" && me.role === "handler" ? go("#/h/tasks") : refresh()} />
    </div>
    <div class="grid2">
      <div>
        <div class="card"><h2>上报（${c.reports.length} 条，来自 ${c.grids.map(gridName).join("、")}）</h2>
          ${c.reports.map((r, i) => html`<div key=${r.id} style="border-bottom:1px solid var(--line);padding:6px 0" data-test="report">
            <div class="row"><b class="grow">${gridName(r.grid)} · ${categoryName(r.category)}</b><span class="small muted">${when(r.reported_at)}</span></div>
            <div class="small muted">${t("channel", r.channel)} · ${t("role", r.reporter_role) || r.reporter_role} ${r.reporter_id}${r.reporter_name ? ` · ${r.reporter_name}` : ""}${r.reporter_phone ? ` · ${r.reporter_phone}` : ""} · ${r.address_text}</div>
            ${(r.attributes.parties || []).length > 0 && html`<div class="small muted" data-test="parties">当事人：${r.attributes.parties.map((p) => `${p.name}${p.phone ? `（${p.phone}）` : ""}`).join("、")}</div>`}
            <div>${r.description}</div>
            <${Photos} items=${r.attachments} label="现场照片" />
            ${r.dedupe && html`<${Dedupe} decision=${r.dedupe} />`}
            ${i > 0 && me.role !== "handler" && c.allowed_commands.includes("merge") && (r.placement
              ? html`<${Split} c=${c} report=${r} onDone=${refresh} />`
              : html`<span class="small muted">定位完成后可拆分</span>`)}
          </div>`)}
        </div>
        ${c.resolution && html`<div class="card"><h2>处置结果</h2><p>${c.resolution.note}</p><p class="small muted">${when(c.resolution.at)}</p>
          <${Photos} items=${c.resolution.evidence.filter((e) => e.attachment_id)} label="处置照片" />
          ${c.resolution.evidence.filter((e) => !e.attachment_id).map((e) => html`<div class="small">外部材料：${e.url}</div>`)}</div>`}
        <div class="card"><h2>时间线</h2><${Timeline} caseId=${c.id} refresh=${tick} /></div>
      </div>
      <div>
        <div class="card"><h2>定位</h2><${Placement} c=${c} /></div>
        <div class="card"><h2>派遣建议</h2><${Route} route=${c.route} /></div>
      </div>
    </div>
  </div>`;
}

function Placement({ c }) {
  const p = c.placement;
  if (!p) return html`<p class="muted">尚未定位（路由阶段处理中）</p>`;
  return html`<div data-test="placement">
    <p><span class=${`badge ${p.status === "placed" ? "green" : p.status === "partial" ? "amber" : "red"}`}>${t("place_status", p.status)}</span>
      精度：${t("precision", p.precision) || "—"} · 方法：${t("method", p.method)} · 置信度 ${percent(p.confidence, 0)}</p>
    ${p.address && html`<p>标准地址：<b>${p.address}</b></p>`}
    <p class="small">${(p.levels || []).map((l) => l.name).join(" › ")}</p>
    ${p.reasons?.length ? html`<div class="small">依据：<ul>${p.reasons.map((r) => html`<li>${r}</li>`)}</ul></div>` : ""}
    ${p.disagreement && html`<p class="badge amber">文本与坐标不一致：${p.disagreement}</p>`}
    ${p.cell && html`<${CellMap} small township=${p.township} focus=${p.cell} values=${{ [p.cell]: 1 }} marker=${p.point ? [p.point.lon, p.point.lat] : null} label="本案" />`}
  </div>`;
}

function Route({ route }) {
  if (!route) return html`<p class="muted">无</p>`;
  if (route.status !== "routed") return html`<p class="badge amber">权责清单未覆盖：${route.reason}</p>`;
  return html`<div data-test="route"><p>建议承办：<b>${departmentName(route.department_id) || route.department}</b>${route.team ? ` · ${route.team}` : ""}</p>
    <p class="small muted">时限类型 ${route.time_limit_profile || "—"} · ${route.auto_dispatch ? "可自动派遣" : "人工派遣"} · 依据权责清单 ${route.rule_id || ""}</p>
    <p class="small">${route.reason}</p></div>`;
}

function Dedupe({ decision }) {
  const same = decision.rule === "reporter_same_problem";
  return html`<div class="small" data-test="dedupe">去重判定：<b>${t("outcome", decision.outcome)}</b>
    ${same ? "（网格员确认是同一问题）" : decision.score !== null && decision.score !== undefined ? ` · 得分 ${decision.score} · 规则 ${decision.rule}` : ""}
    ${decision.case_id && html` · <a href=${`#/case/${decision.case_id}`}>${decision.case_id.slice(0, 8)}</a>`}
    <${ScoreParts} decision=${decision} caseId=${decision.case_id} />
    ${(decision.candidates || []).length > 1 && html`<div class="muted">共比较 ${decision.candidates.length} 个候选案件</div>`}</div>`;
}

function Split({ c, report, onDone }) {
  async function split() {
    const reason = prompt("拆分理由（这条上报是另一件事）");
    if (!reason) return;
    try {
      const created = await api(`/cases/${c.id}/split`, { method: "POST", body: { report_id: report.id, reason } });
      toast("已拆分为新案件"); go(`#/case/${created.id}`);
    } catch (e) { showError(e); }
  }
  return html`<button class="quiet small" onClick=${split} data-test="split">拆分为新案件</button>`;
}

// Reasons are required for these (the hub answers 422 without one).
const NEEDS_REASON = new Set(["reject", "return", "fail_verification", "suspend", "reopen", "request_postponement", "escalate"]);
const PATH = { approve_postponement: "approve-postponement", deny_postponement: "deny-postponement", request_postponement: "postponement", fail_verification: "verify", verify: "verify" };

function Actions({ c, me, onDone }) {
  const [open, setOpen] = useState(null);
  const commands = c.allowed_commands.filter((x) => x !== "mark_overdue");
  if (!commands.length) return html`<p class="small muted">您现在对此案件没有可执行的操作</p>`;
  return html`<div class="row" data-test="actions">
    ${commands.map((command) => html`<button class=${["reject", "return", "fail_verification"].includes(command) ? "secondary" : ""} data-command=${command} onClick=${() => setOpen(command)}>${t("command", command)}</button>`)}
    ${open && html`<${ActionForm} c=${c} command=${open} onClose=${() => setOpen(null)} onDone=${() => { setOpen(null); onDone(open); }} />`}
  </div>`;
}

function ActionForm({ c, command, onClose, onDone }) {
  const [reason, setReason] = useState("");
  const [department, setDepartment] = useState(c.route?.department_id || "");
  const [team, setTeam] = useState("");
  const [note, setNote] = useState("");
  const [hours, setHours] = useState(8);
  const [rating, setRating] = useState("satisfied");
  const [files, setFiles] = useState([]);
  const [busy, setBusy] = useState(false);
  if (command === "merge") return html`<${MergePicker} c=${c} onClose=${onClose} onDone=${onDone} />`;
  async function run() {
    setBusy(true);
    try {
      const body = { reason: reason.trim() || undefined };
      if (command === "dispatch") Object.assign(body, { department_id: department, team_id: team || undefined });
      if (command === "verify") body.passed = true;
      if (command === "fail_verification") body.passed = false;
      if (command === "request_postponement") body.hours = Number(hours);
      if (command === "rate") Object.assign(body, { rating, comment: body.reason, reason: undefined });
      if (command === "resolve") {
        const evidence = [];
        for (const f of files) {
          const form = new FormData(); form.append("file", f, f.name);
          const up = await api("/attachments", { method: "POST", body: form });
          evidence.push({ attachment_id: up.id, kind: up.kind, caption: "处置后" });
        }
        Object.assign(body, { note, evidence });
      }
      await api(`/cases/${c.id}/${PATH[command] || command}`, { method: "POST", body });
      toast(`${t("command", command)}：完成`);
      onDone();
    } catch (e) { showError(e); } finally { setBusy(false); }
  }
  const teams = ref.teams.filter((x) => x.department === department);
  const needsReason = NEEDS_REASON.has(command);
  return html`<${Modal} narrow onClose=${onClose}><h2>${t("command", command)}</h2>
    ${command === "dispatch" && html`<div>
      ${c.route?.department_id && html`<p class="small">权责清单建议：<b>${departmentName(c.route.department_id)}</b></p>`}
      <label>承办部门</label><select value=${department} onChange=${(e) => { setDepartment(e.target.value); setTeam(""); }} data-test="department" style="width:100%">
        <option value="">请选择</option>${ref.departments.map((d) => html`<option value=${d.id}>${d.name}${d.id === c.route?.department_id ? "（建议）" : ""}</option>`)}</select>
      ${teams.length ? html`<label>队组（可选）</label><select value=${team} onChange=${(e) => setTeam(e.target.value)} style="width:100%"><option value="">不指定</option>${teams.map((x) => html`<option value=${x.id}>${x.name}</option>`)}</select>` : ""}
    </div>`}
    ${command === "resolve" && html`<div><label>处置说明</label><textarea value=${note} onInput=${(e) => setNote(e.target.value)} data-test="note"></textarea>
      <label>处置后照片</label><input type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple onChange=${(e) => setFiles([...e.target.files])} data-test="evidence" /></div>`}
    ${command === "request_postponement" && html`<div><label>延期小时数</label><input type="number" min="1" max="2000" value=${hours} onInput=${(e) => setHours(e.target.value)} /></div>`}
    ${command === "rate" && html`<div><label>回访结果</label><select value=${rating} onChange=${(e) => setRating(e.target.value)} data-test="rating" style="width:100%">
      ${["satisfied", "basically_satisfied", "unsatisfied"].map((x) => html`<option value=${x}>${t("rating", x)}</option>`)}</select>
      <p class="small muted">不满意不会自动重新打开案件，由调度员决定</p></div>`}
    ${command === "escalate" && html`<p class="small muted">督办至上一级部门：${departmentName(escalationTarget(c))}</p>`}
    <label>${needsReason ? "理由（必填）" : "备注（可选）"}</label><textarea value=${reason} onInput=${(e) => setReason(e.target.value)} data-test="reason"></textarea>
    <p><button onClick=${run} disabled=${busy || (needsReason && !reason.trim()) || (command === "dispatch" && !department) || (command === "resolve" && !note.trim())} data-test="confirm">${busy ? "提交中…" : `确认${t("command", command)}`}</button></p>
  <//>`;
}

function escalationTarget(c) {
  const holder = c.escalated_to || c.department_id;
  return holder && ref.departmentOf[holder]?.parent;
}

// Merge: the newest and closest candidates (suggestions and open cases of the kind nearby).
function MergePicker({ c, onClose, onDone }) {
  const params = { category: c.category, ...(c.lon !== null ? { lon: c.lon, lat: c.lat, crs: c.crs || "wgs84" } : { text: c.address_text }), radius_m: 1000 };
  const nearby = useApi("/cases/nearby", params);
  const [chosen, setChosen] = useState(null);
  const candidates = (nearby.data || []).filter((x) => x.id !== c.id);
  if (chosen) return html`<${Compare} left=${c.id} right=${chosen} onClose=${onClose} onMerged=${(into) => { onDone(); go(`#/case/${into}`); }} />`;
  return html`<${Modal} onClose=${onClose}><h2>合并到哪个案件？</h2>
    <p class="small muted">附近 1 公里内同类未结案件，最近的在前</p>
    ${nearby.loading && html`<p class="muted">加载中…</p>`}
    ${!nearby.loading && !candidates.length && html`<p class="muted">附近没有同类未结案件</p>`}
    ${candidates.map((x) => html`<div class="card" key=${x.id}><div class="row"><b class="grow">${x.title}</b><${StateBadge} state=${x.state} /></div>
      <div class="small muted">${categoryName(x.category)} · ${x.address_text} · ${x.distance_m !== null ? `${Math.round(x.distance_m)} 米` : ""} · ${when(x.reported_at)}</div>
      <button class="secondary" onClick=${() => setChosen(x.id)}>对比</button></div>`)}
  <//>`;
}
