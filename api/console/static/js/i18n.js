// Every word the console shows, in Chinese first and English second. Names of places,
// departments and categories come from the registry (ref.js), never from codes.
const zh = {
  state: {
    reported: "待立案", accepted: "已立案", rejected: "不予立案", merged: "已合并", dispatched: "已派遣",
    returned: "已退回", in_progress: "处置中", rework: "返工", resolved: "待核查", verified: "核查通过",
    closed: "已结案", suspended: "挂账",
  },
  command: {
    accept: "立案", reject: "不予立案", merge: "合并", dispatch: "派遣", sign: "签收", return: "退回",
    resolve: "处置反馈", verify: "核查通过", fail_verification: "核查不通过", close: "结案", reopen: "重新打开",
    suspend: "挂账", resume: "恢复", request_postponement: "申请延期", approve_postponement: "批准延期",
    deny_postponement: "驳回延期", escalate: "督办", mark_overdue: "标记超期", split: "拆分",
    rate: "满意度回访",
  },
  event: {
    reported: "上报", report_linked: "关联报告", report_split: "拆分报告", accepted: "立案", rejected: "不予立案",
    merged: "合并", dispatched: "派遣", signed: "签收", returned: "退回", resolved: "处置反馈", verified: "核查通过",
    verification_failed: "核查不通过", closed: "结案", postponement_requested: "申请延期", postponed: "批准延期",
    postponement_denied: "驳回延期", suspended: "挂账", resumed: "恢复", reopened: "重新打开", escalated: "督办",
    overdue: "超期", rated: "满意度回访",
  },
  rating: { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" },
  role: { grid_worker: "网格员", dispatcher: "调度员", handler: "处置人员", supervisor: "督查员", admin: "管理员", system: "系统", citizen: "群众" },
  priority: { normal: "一般", urgent: "紧急" },
  step: { accept: "立案", dispatch: "派遣", sign: "签收", resolve: "处置", verify: "核查" },
  channel: { grid_system: "网格系统", api: "移动端/应用", open311: "Open311 应用" },
  place_status: { placed: "已定位", partial: "部分定位", unplaced: "未定位" },
  precision: { address: "门牌地址", cell: "网格", community: "社区/村", township: "乡镇街道" },
  method: { text: "地址文本", intersection: "路口", point: "坐标", "text+point": "文本+坐标", none: "无" },
  outcome: { new: "新案件", merged: "并入已有案件", suggested: "疑似重复" },
  level: { county: "区县", township: "乡镇街道", community: "社区/村", cell: "网格" },
  kpi: {
    cases: "案件数", reports: "上报数", cases_accepted: "立案数", acceptance_rate: "立案率",
    on_time_acceptance: "按时立案率", dispatch_accuracy: "准确派遣率", disposal_rate: "处置率",
    on_time_disposal: "按期处置率", closure_rate: "结案率", on_time_closure: "按期结案率",
    open_overdue: "超期未结", open_late: "已延误未结", rework_rate: "返工率", postponement_rate: "延期率", escalations: "督办次数",
    time_to_accept: "立案用时", time_to_dispatch: "派遣用时", time_to_resolve: "处置用时", time_to_close: "结案用时",
    duplicate_report_rate: "重复上报率", cross_grid_cases: "跨网格案件", placed_share: "统一地址定位率",
    response_rate: "响应率", resolution_rate: "解决率", satisfaction_rate: "满意率", rated_cases: "已回访",
    unsatisfied_cases: "不满意", hotline_reports: "热线工单", public_reports: "群众上报",
  },
  measure: {
    cases: "全部案件", accepted: "已立案", accepted_late: "超时立案", dispatched: "已派遣", returned: "被退回",
    resolved: "已处置", resolved_late: "超期处置", closed: "已结案", closed_late: "超期结案", open_overdue: "超期未结", open_late: "已延误未结",
    reworked: "返工", postponed: "延期", escalated: "督办", cross_grid: "跨网格", merged: "合并", unplaced: "未定位",
    responded_late: "未按时响应", unsolved: "未解决", rated: "已回访", unsatisfied: "不满意", hotline: "热线工单",
  },
  dimension: {
    grid_division: "划分网格", command: "指挥体系", information_system: "信息系统", grid_team: "网格队伍",
    workflow: "工作流程", hotline: "热线资源", base_data: "基础数据", handled_items: "办理事项",
  },
};

const en = {
  state: {
    reported: "Reported", accepted: "Accepted", rejected: "Rejected", merged: "Merged", dispatched: "Dispatched",
    returned: "Returned", in_progress: "In progress", rework: "Rework", resolved: "To verify", verified: "Verified",
    closed: "Closed", suspended: "Suspended",
  },
  command: {
    accept: "Accept", reject: "Reject", merge: "Merge", dispatch: "Dispatch", sign: "Sign", return: "Return",
    resolve: "Resolve", verify: "Verified", fail_verification: "Not fixed", close: "Close", reopen: "Reopen",
    suspend: "Suspend", resume: "Resume", request_postponement: "Ask for more time",
    approve_postponement: "Approve postponement", deny_postponement: "Deny postponement", escalate: "Escalate",
    mark_overdue: "Mark overdue", split: "Split", rate: "Rate the outcome",
  },
  role: { grid_worker: "Grid worker", dispatcher: "Dispatcher", handler: "Handler", supervisor: "Supervisor", admin: "Admin", system: "System" },
  priority: { normal: "Normal", urgent: "Urgent" },
};

const words = {
  zh: {
    app: "一网统管工作台", login: "登录", logout: "退出", username: "用户名", password: "密码",
    report: "上报", my_reports: "我的上报", verify_tasks: "核查任务", queue: "待办队列", duplicates: "疑似重复",
    postponements: "延期审批", all_cases: "全部案件", tasks: "部门任务", dashboard: "监督看板", users: "用户",
    registry: "地址库", demo: "演示数据", live: "实时", offline: "离线",
  },
  en: {
    app: "GridHub console", login: "Log in", logout: "Log out", username: "User name", password: "Password",
    report: "Report", my_reports: "My reports", verify_tasks: "Verification", queue: "Queue", duplicates: "Duplicates",
    postponements: "Postponements", all_cases: "All cases", tasks: "Tasks", dashboard: "Dashboard", users: "Users",
    registry: "Registry", demo: "Demo data", live: "Live", offline: "Offline",
  },
};

export let lang = localStorage.getItem("gridhub.lang") || "zh";
export function setLang(value) { lang = value; localStorage.setItem("gridhub.lang", value); }

// t("state", "reported") -> 待立案; t("app") -> 一网统管工作台
export function t(group, key) {
  if (key === undefined) return (words[lang] || words.zh)[group] || words.zh[group] || group;
  const table = lang === "en" && en[group] && en[group][key] ? en : zh;
  return (table[group] && table[group][key]) || key || "";
}

export const STATE_TONE = {
  reported: "amber", accepted: "amber", returned: "red", dispatched: "", in_progress: "", rework: "red",
  resolved: "amber", verified: "green", closed: "green", rejected: "grey", merged: "grey", suspended: "grey",
};

export function percent(value, digits = 1) {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function hours(value) {
  if (value === null || value === undefined) return "—";
  if (value < 1) return `${Math.round(value * 60)}分钟`;
  if (value < 48) return `${value.toFixed(1)}小时`;
  return `${(value / 24).toFixed(1)}天`;
}

export function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function span(ms) {
  const minutes = Math.floor(Math.abs(ms) / 60000);
  const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
  if (d) return `${d}天${h}小时`;
  if (h) return `${h}小时${m}分`;
  return `${m}分钟`;
}
