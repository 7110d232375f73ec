/**
 * Picks a unit from the directory the API offers (`GET /units`: active units at and below the
 * signed-in user's region), as a tree by parent. Used wherever an action or a filter names a unit.
 */
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { api, call, type Schemas } from '../../api/client';

type DirectoryUnit = Schemas['DirectoryUnitView'];
interface UnitNode {
  value: string;
  title: string;
  children: UnitNode[];
}

export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => call(api.GET('/units')), staleTime: 300_000 });
}

/** The units' names by id, for showing ids the API returns (handling unit, actor unit…). */
export function useUnitNames(): (unitId: string | null | undefined) => string {
  const { data } = useUnits();
  return (unitId) => (unitId ? (data?.units.find((u) => u.id === unitId)?.name ?? unitId) : '—');
}

/** Each unit under its parent; the top of the user's region as roots (pickers and filters alike). */
export function unitTree(units: readonly DirectoryUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export interface UnitPickerProps {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  allowClear?: boolean;
}

export function UnitPicker({ id, value, onChange, placeholder = '选择单位', allowClear }: UnitPickerProps) {
  const { data, isLoading } = useUnits();
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      loading={isLoading}
      treeData={unitTree(data?.units ?? [])}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      placeholder={placeholder}
      allowClear={allowClear}
      style={{ width: '100%' }}
    />
  );
}
