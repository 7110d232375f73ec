/** The directory (GET /units, as UnitPicker reads it) as a tree for the oversight screens' unit filters. */
import type { Schemas } from '../../api/client';

type DirectoryUnit = Schemas['DirectoryUnitView'];

interface UnitTreeNode {
  value: string;
  title: string;
  children: UnitTreeNode[];
}

/** Each unit under its parent; the top of the user's region as roots. */
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
