// The console: log in, then the screens of the signed-in user's role.
import { html, render, useState, useEffect, Toasts, go, liveListeners } from "./ui.js";
import { api, login, session, whenLoggedOut, caseFeed } from "./api.js";
import { t, lang, setLang } from "./i18n.js";
import { loadReference } from "./ref.js";
import { WorkerReport, WorkerReports, WorkerVerify, flushOutbox, pendingCount } from "./worker.js";
import { DispatchBoard } from "./dispatch.js";
import { CasePage } from "./casepage.js";
import { HandlerTasks } from "./handler.js";
import { Dashboard, KpiCases } from "./supervisor.js";
import { AdminUsers, AdminRegistry, AdminDemo } from "./admin.js";

const NAV = {
  grid_worker: [["#/w/report", "report"], ["#/w/mine", "my_reports"], ["#/w/verify", "verify_tasks"]],
  dispatcher: [["#/d/queue", "queue"], ["#/d/duplicates", "duplicates"], ["#/d/postponements", "postponements"], ["#/d/cases", "all_cases"], ["#/w/verify", "verify_tasks"], ["#/s/dashboard", "dashboard"]],
  handler: [["#/h/tasks", "tasks"], ["#/s/dashboard", "dashboard"]],
  supervisor: [["#/s/dashboard", "dashboard"], ["#/d/cases", "all_cases"]],
  admin: [["#/a/users", "users"], ["#/a/registry", "registry"], ["#/a/demo", "demo"], ["#/d/queue", "queue"], ["#/d/cases", "all_cases"], ["#/s/dashboard", "dashboard"]],
};
const HOME = { grid_worker: "#/w/report", dispatcher: "#/d/queue", handler: "#/h/tasks", supervisor: "#/s/dashboard", admin: "#/a/users" };

function useHash() {
  const [hash, setHash] = useState(window.location.hash || "#/");
  useEffect(() => {
    const on = () => setHash(window.location.hash || "#/");
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return hash;
}

function Login({ onDone }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    setError(null);
    try { await login(username.trim(), password); onDone(); } catch (err) { setError(err.status === 401 ? "用户名或密码错误" : err.message); }
  }
  return html`<div class="login card">
    <h1>GridHub ${t("app")}</h1>
    <p class="muted">指挥调度 · 网格上报 · 部门处置 · 监督考核</p>
    <form onSubmit=${submit}>
      <label for="username">${t("username")}</label><input id="username" name="username" autocomplete="username" value=${username} onInput=${(e) => setUsername(e.target.value)} />
      <label for="password">${t("password")}</label><input id="password" name="password" type="password" autocomplete="current-password" value=${password} onInput=${(e) => setPassword(e.target.value)} />
      ${error && html`<p class="badge red" role="alert">${error}</p>`}
      <p><button type="submit" style="width:100%">${t("login")}</button></p>
    </form>
    <p class="small muted">演示账号（密码 gridhub-demo）：worker 网格员 · dispatcher 调度员 · handler.urban 处置人员 · supervisor 督查员 · admin 管理员</p>
    <p class="small"><a href="/docs">API 文档 (Swagger UI)</a> · <a href="/redoc">ReDoc</a></p>
  </div>`;
}

function Shell({ me, onLogout }) {
  const hash = useHash();
  const [live, setLive] = useState(false);
  const [pending, setPending] = useState(pendingCount());
  useEffect(() => {
    // window.gridhubLive: what the live feed brought (for people and tests looking in).
    window.gridhubLive = { changes: 0, last: null };
    const stop = caseFeed((change) => {
      window.gridhubLive.changes += 1;
      window.gridhubLive.last = change;
      liveListeners.forEach((l) => l(change));
    }, setLive);
    const flush = () => flushOutbox(me).then(() => setPending(pendingCount())).catch(() => setPending(pendingCount()));
    const timer = me.role === "grid_worker" ? setInterval(flush, 15000) : null;
    if (timer) { flush(); window.addEventListener("online", flush); }
    const count = () => setPending(pendingCount());
    window.addEventListener("gridhub-outbox", count);
    return () => { stop(); if (timer) clearInterval(timer); window.removeEventListener("online", flush); window.removeEventListener("gridhub-outbox", count); };
  }, [me.username]);
  useEffect(() => { if (hash === "#/" || hash === "#/login") go(HOME[me.role]); }, [hash]);
  const phone = me.role === "grid_worker";
  useEffect(() => { document.body.classList.toggle("phone", phone); }, [phone]);
  const [path, query] = hash.slice(1).split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  let page;
  const caseMatch = path.match(/^\/case\/([^/]+)$/);
  if (caseMatch) page = html`<${CasePage} key=${caseMatch[1]} id=${caseMatch[1]} me=${me} />`;
  else if (path === "/w/report") page = html`<${WorkerReport} me=${me} />`;
  else if (path === "/w/mine") page = html`<${WorkerReports} me=${me} />`;
  else if (path === "/w/verify") page = html`<${WorkerVerify} me=${me} />`;
  else if (path.startsWith("/d/")) page = html`<${DispatchBoard} me=${me} tab=${path.slice(3)} params=${params} />`;
  else if (path === "/h/tasks") page = html`<${HandlerTasks} me=${me} />`;
  else if (path === "/s/dashboard") page = html`<${Dashboard} me=${me} params=${params} />`;
  else if (path === "/s/cases") page = html`<${KpiCases} me=${me} params=${params} />`;
  else if (path === "/a/users") page = html`<${AdminUsers} me=${me} />`;
  else if (path === "/a/registry") page = html`<${AdminRegistry} me=${me} />`;
  else if (path === "/a/demo") page = html`<${AdminDemo} me=${me} />`;
  else page = html`<p class="page muted">…</p>`;
  return html`<div>
    <header class="topbar">
      <h1>GridHub <span class="hide-narrow">${t("app")}</span></h1>
      <nav class="row" style="gap:14px">${(NAV[me.role] || []).map(([href, key]) => html`<a href=${href} class=${hash.startsWith(href) ? "active" : ""}>${t(key)}</a>`)}</nav>
      <div class="who">
        ${phone && pending ? html`<span class="badge amber" data-test="pending">待发送 ${pending}</span>` : ""}
        <span class=${`live ${live ? "" : "off"}`} title="实时推送" data-live=${live ? "on" : "off"}>● ${live ? t("live") : t("offline")}</span>
        <span class="hide-narrow">${me.display_name} · ${t("role", me.role)}</span>
        <a onClick=${() => { setLang(lang === "zh" ? "en" : "zh"); location.reload(); }}>${lang === "zh" ? "EN" : "中文"}</a>
        <a onClick=${onLogout}>${t("logout")}</a>
      </div>
    </header>
    ${page}
  </div>`;
}

function App() {
  const [me, setMe] = useState(null);
  const [ready, setReady] = useState(false);
  async function start() {
    if (!session.token) { setMe(null); setReady(true); return; }
    try {
      const user = await api("/auth/me");
      await loadReference();
      setMe(user);
    } catch (e) {
      setMe(null);
    }
    setReady(true);
  }
  useEffect(() => { whenLoggedOut(() => setMe(null)); start(); }, []);
  if (!ready) return html`<p class="loading">正在加载工作台…</p>`;
  return html`<div>${me ? html`<${Shell} me=${me} onLogout=${() => { session.token = null; setMe(null); go("#/login"); }} />` : html`<${Login} onDone=${start} />`}<${Toasts} /></div>`;
}

render(html`<${App} />`, document.getElementById("app"));
