/**
 * The units the signed-in user may name (GET /units: their region and below), for unit names in
 * the oversight lists (the lists carry unit ids) and for the unit filters.
 */
import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type DirectoryUnit = Schemas['DirectoryUnitView'];

export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => call(api.GET('/units')), staleTime: 300_000, select: (data) => data.units });
}

/** `x-zjj` → `县住建局`; the id itself for a unit outside the directory (above the user's region). */
export function useUnitName(): (unitId: string | null | undefined) => string {
  const { data } = useUnits();
  const names = new Map((data ?? []).map((unit) => [unit.id, unit.name]));
  return (unitId) => (unitId ? (names.get(unitId) ?? unitId) : '—');
}

interface UnitTreeNode {
  value: string;
  title: string;
  children: UnitTreeNode[];
}

/** The directory as a tree for a TreeSelect: each unit under its parent, the top of the region as roots. */
export function unitTree(units: readonly DirectoryUnit[]): UnitTreeNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { value: unit.id, title: unit.name, children: [] as UnitTreeNode[] }]));
  const roots: UnitTreeNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
