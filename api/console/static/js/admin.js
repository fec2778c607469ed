// Admin: users, the registry version and import, the demo data switch.
import { html, useState, useApi, toast, showError, Modal } from "./ui.js";
import { api, download } from "./api.js";
import { t, when } from "./i18n.js";
import { ref, departmentName, placeName } from "./ref.js";

const ROLES = ["grid_worker", "dispatcher", "handler", "supervisor", "admin"];

export function AdminUsers({ me }) {
  const { data, error, reload } = useApi("/users");
  const [editing, setEditing] = useState(null);
  async function toggle(u) {
    try { await api(`/users/${u.username}`, { method: "PATCH", body: { active: !u.active } }); toast(u.active ? "已停用" : "已启用"); reload(); } catch (e) { showError(e); }
  }
  return html`<div class="page"><div class="row"><h2 class="grow">用户</h2><button onClick=${() => setEditing({})} data-test="add-user">新增用户</button></div>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && html`<table class="cards"><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>范围</th><th>状态</th><th></th></tr></thead><tbody>
      ${data.map((u) => html`<tr key=${u.username} data-user=${u.username}><td>${u.username}</td><td>${u.display_name}</td><td>${t("role", u.role)}</td>
        <td class="small">${u.department_id ? departmentName(u.department_id) : u.area_code ? placeName(u.area_code) : "全市"}${u.worker_id ? ` · ${u.worker_id}` : ""}</td>
        <td>${u.active ? html`<span class="badge green">启用</span>` : html`<span class="badge grey">停用</span>`}</td>
        <td><button class="quiet" onClick=${() => setEditing(u)}>修改</button>${u.username !== me.username && html`<button class="quiet" onClick=${() => toggle(u)}>${u.active ? "停用" : "启用"}</button>`}</td></tr>`)}
    </tbody></table>`}
    ${editing && html`<${UserForm} user=${editing} onClose=${() => setEditing(null)} onDone=${() => { setEditing(null); reload(); }} />`}
  </div>`;
}

function UserForm({ user, onClose, onDone }) {
  const isNew = !user.username;
  const [form, setForm] = useState({ username: "", password: "", role: "grid_worker", display_name: "", area_code: "", department_id: "", worker_id: "", ...user });
  const set = (name) => (e) => setForm({ ...form, [name]: e.target.value });
  async function save() {
    const body = { role: form.role, display_name: form.display_name || undefined, area_code: form.area_code || (isNew ? undefined : ""), department_id: form.department_id || (isNew ? undefined : ""), worker_id: form.worker_id || (isNew ? undefined : "") };
    try {
      if (isNew) await api("/users", { method: "POST", body: { ...body, username: form.username, password: form.password } });
      else await api(`/users/${user.username}`, { method: "PATCH", body: form.password ? { ...body, password: form.password } : body });
      toast("已保存"); onDone();
    } catch (e) { showError(e); }
  }
  return html`<${Modal} narrow onClose=${onClose}><h2>${isNew ? "新增用户" : `修改 ${user.username}`}</h2>
    ${isNew && html`<label>用户名</label><input value=${form.username} onInput=${set("username")} data-test="new-username" style="width:100%" />`}
    <label>${isNew ? "密码（至少8位）" : "新密码（不改则留空）"}</label><input type="password" value=${form.password || ""} onInput=${set("password")} style="width:100%" />
    <label>姓名</label><input value=${form.display_name} onInput=${set("display_name")} style="width:100%" />
    <label>角色</label><select value=${form.role} onChange=${set("role")} style="width:100%">${ROLES.map((r) => html`<option value=${r}>${t("role", r)}</option>`)}</select>
    ${form.role !== "handler" && form.role !== "admin" && html`<label>范围（区县/乡镇街道/社区/网格编码）</label><input value=${form.area_code || ""} onInput=${set("area_code")} placeholder="如 371083001" style="width:100%" />
      <div class="small muted">${form.area_code ? placeName(form.area_code) : ""}</div>`}
    ${form.role === "handler" && html`<label>部门</label><select value=${form.department_id || ""} onChange=${set("department_id")} style="width:100%"><option value="">请选择</option>${ref.departments.map((d) => html`<option value=${d.id}>${d.name}</option>`)}</select>`}
    ${form.role === "grid_worker" && html`<label>网格员编号</label><input value=${form.worker_id || ""} onInput=${set("worker_id")} style="width:100%" />`}
    <p><button onClick=${save} data-test="save-user">保存</button></p>
  <//>`;
}

export function AdminRegistry() {
  const { data, error, reload } = useApi("/registry");
  const [busy, setBusy] = useState(false);
  async function upload(e) {
    const file = e.target.files[0];
    if (!file) return;
    setBusy(true);
    try {
      const response = await fetch("/registry/import", { method: "POST", headers: { Authorization: `Bearer ${localStorage.getItem("gridhub.token")}`, "Content-Type": "application/zip" }, body: file });
      const body = await response.json();
      if (!response.ok) throw Object.assign(new Error((body.errors || []).map((x) => x.reason).flat().join("；") || body.detail), { status: response.status, body });
      toast(`地址库 ${body.version} 已${body.new ? "导入并启用" : "重新启用"}`); reload();
    } catch (err) { showError(err); } finally { setBusy(false); e.target.value = ""; }
  }
  return html`<div class="page"><h2>统一地址库</h2>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && html`<div class="card"><p>当前版本 <b data-test="registry-version">${data.active.version}</b> · ${data.active.source} · 载入于 ${when(data.active.loaded_at)}</p>
      <p class="small">${Object.entries(data.active.counts).map(([k, v]) => html`<span class="badge grey" style="margin-right:4px">${k} ${v}</span>`)}</p>
      <div class="row"><button class="secondary" onClick=${() => download("/registry/export", `gridhub-registry-${data.active.version}.zip`).catch(showError)}>导出（CSV + GeoJSON）</button>
        <label class="button" style="margin:0;color:#fff">${busy ? "导入中…" : "导入 zip"}<input type="file" accept=".zip,application/zip" onChange=${upload} style="display:none" /></label></div></div>
      <div class="card"><h3>历史版本</h3><table><thead><tr><th>版本</th><th>来源</th><th>载入</th><th></th></tr></thead><tbody>
        ${data.versions.map((v) => html`<tr><td>${v.version}</td><td>${v.source}</td><td>${when(v.loaded_at)}</td><td>${v.active ? html`<span class="badge green">当前</span>` : ""}</td></tr>`)}</tbody></table></div>`}
  </div>`;
}

export function AdminDemo() {
  const { data, error, reload } = useApi("/admin/demo");
  async function set(traffic) {
    try { await api("/admin/demo", { method: "PUT", body: { traffic } }); toast(traffic ? "演示数据已开启" : "演示数据已暂停"); reload(); } catch (e) { showError(e); }
  }
  return html`<div class="page"><h2>演示数据</h2>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && html`<div class="card"><p>模拟四个网格的上报（<code>gridhub up --simulate</code> / <code>make run</code>）：
      <b data-test="demo-state">${data.traffic ? "开启" : "暂停"}</b>${data.updated_by ? html` <span class="small muted">（${data.updated_by} 于 ${when(data.updated_at)}）</span>` : ""}</p>
      <button onClick=${() => set(!data.traffic)} data-test="demo-toggle">${data.traffic ? "暂停演示数据" : "开启演示数据"}</button>
      <p class="small muted">模拟器每两秒读取一次此开关。</p></div>`}
  </div>`;
}
