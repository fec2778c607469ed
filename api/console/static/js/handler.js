// Handler (处置): my department's tasks, by deadline.
import { html, useState, useApi, useLive, Pager } from "./ui.js";
import { departmentName } from "./ref.js";
import { t } from "./i18n.js";
import { CaseTable } from "./dispatch.js";

export function HandlerTasks({ me }) {
  const [state, setState] = useState("");
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi("/tasks", { state, offset, limit: 50 });
  useLive(reload);
  return html`<div class="page"><h2>${departmentName(me.department_id)} · 部门任务</h2>
    <div class="row" style="margin-bottom:8px"><select value=${state} onChange=${(e) => setState(e.target.value)}>
      <option value="">全部待办</option>${["dispatched", "in_progress", "rework"].map((s) => html`<option value=${s}>${t("state", s)}</option>`)}</select>
      <span class="muted">${data ? `${data.total} 件，时限最近的在前` : ""}</span></div>
    ${error && html`<p class="badge red">${error.message}</p>`}
    ${data && html`<${CaseTable} items=${data.items} />`}
    <${Pager} page=${data} onOffset=${setOffset} />
  </div>`;
}
