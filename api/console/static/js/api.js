// Talking to the hub: the same API, the same login, the same origin.
const TOKEN = "gridhub.token";

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

export function describe(status, body) {
  if (!body) return `HTTP ${status}`;
  if (Array.isArray(body.errors) && body.errors.length) {
    return body.errors.map((e) => `${e.field}: ${e.reason}`).join("；");
  }
  if (typeof body.detail === "string") return body.detail;
  if (Array.isArray(body.detail)) return body.detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("；");
  return `HTTP ${status}`;
}

export const session = {
  get token() { return localStorage.getItem(TOKEN); },
  set token(value) { value ? localStorage.setItem(TOKEN, value) : localStorage.removeItem(TOKEN); },
};

export async function login(username, password) {
  const form = new URLSearchParams({ username, password });
  const response = await fetch("/auth/token", { method: "POST", body: form });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  session.token = body.access_token;
  return body;
}

let onUnauthorised = () => {};
export function whenLoggedOut(handler) { onUnauthorised = handler; }

function headers(extra = {}) {
  const token = session.token;
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

// JSON in, JSON out; FormData goes as multipart. Throws ApiError with the hub's answer.
export async function api(path, { method = "GET", body, params, signal } = {}) {
  let url = path;
  if (params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === "" || value === false) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, item);
    }
    const text = query.toString();
    if (text) url += (url.includes("?") ? "&" : "?") + text;
  }
  const init = { method, headers: headers(), signal };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, init);
  if (response.status === 401) {
    session.token = null;
    onUnauthorised();
  }
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Files behind the login: fetched with the token, shown through blob: addresses.
const blobs = new Map();
export function fileUrl(path) {
  if (!blobs.has(path)) {
    blobs.set(path, fetch(path, { headers: headers() }).then((r) => {
      if (!r.ok) throw new ApiError(r.status, null);
      return r.blob();
    }).then((b) => URL.createObjectURL(b)).catch((e) => { blobs.delete(path); throw e; }));
  }
  return blobs.get(path);
}

export async function download(path, filename) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url; a.download = filename; document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The live feed of case changes (server-sent events read with fetch, which can send the
// Authorization header; EventSource cannot). Reconnects from the last change it saw.
export function caseFeed(onChange, onStatus = () => {}) {
  let stopped = false, since = null, controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const params = since ? `?since=${encodeURIComponent(since)}` : "";
        const response = await fetch(`/events/cases${params}`, { headers: headers(), signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onStatus(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const message = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
            const data = message.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
            const id = message.split("\n").find((l) => l.startsWith("id: "));
            if (id) since = id.slice(4);
            if (data) { try { onChange(JSON.parse(data)); } catch (e) { console.error(e); } }
          }
        }
      } catch (error) {
        if (stopped) return;
      }
      onStatus(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 3000));
    }
  }
  run();
  return () => { stopped = true; controller && controller.abort(); };
}

// Loads a classic script once (the charting library is big: only pages with a chart need it).
const scripts = new Map();
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src; s.onload = resolve; s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(s);
    }));
  }
  return scripts.get(src);
}
export const echartsReady = () => loadScript("/static/vendor/echarts/echarts.min.js").then(() => window.echarts);
