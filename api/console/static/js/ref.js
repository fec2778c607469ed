// The registry's names, loaded once: categories, departments, places, cells.
import { api } from "./api.js";

export const ref = { categories: [], grids: [], departments: [], teams: [], places: {}, cells: {}, loaded: false };
let loading = null;

export function loadReference() {
  if (!loading) {
    loading = api("/console/reference").then((data) => {
      Object.assign(ref, data, { loaded: true });
      ref.categoryOf = Object.fromEntries(data.categories.map((c) => [c.code, c]));
      ref.departmentOf = Object.fromEntries(data.departments.map((d) => [d.id, d]));
      ref.gridOf = Object.fromEntries(data.grids.map((g) => [g.code, g.label]));
      return ref;
    }).catch((error) => { loading = null; throw error; });
  }
  return loading;
}

export const categoryName = (code) => (ref.categoryOf && ref.categoryOf[code]?.label) || code || "—";
export const gridName = (code) => (ref.gridOf && ref.gridOf[code]) || code || "—";
export const departmentName = (id) => (id && ref.departmentOf && ref.departmentOf[id]?.name) || id || "—";
export function placeName(code) {
  if (!code) return "—";
  return ref.cells[code]?.name || ref.places[code]?.name || code;
}
// "城区街道 · 东里社区 · 第1网格"
export function placePath(cell, township) {
  if (!cell) return township ? placeName(township) : "未定位";
  const c = ref.cells[cell];
  if (!c) return cell;
  const community = ref.places[c.community];
  const town = community && ref.places[community.parent];
  return [town?.name, community?.name, c.name].filter(Boolean).join(" · ");
}
export function townships() {
  return Object.entries(ref.places).filter(([, p]) => p.level === "township").map(([code, p]) => ({ code, name: p.name }));
}
export function communitiesOf(township) {
  return Object.entries(ref.places).filter(([, p]) => p.parent === township).map(([code, p]) => ({ code, name: p.name }));
}
export function cellsOf(community) {
  return Object.entries(ref.cells).filter(([, c]) => c.community === community).map(([code, c]) => ({ code, name: c.name }));
}
