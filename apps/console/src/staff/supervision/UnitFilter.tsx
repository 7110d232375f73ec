import { TreeSelect } from 'antd';
import { unitTree, useUnits } from '../common/UnitPicker';

/** A filter by unit of the user's region (GET /units) as a tree, named for screen readers; empty means every unit. */
export function UnitFilter({
  value,
  onChange,
  label = '单位',
}: {
  value?: string;
  onChange: (unitId: string | undefined) => void;
  label?: string;
}) {
  const { data, isLoading } = useUnits();
  return (
    <TreeSelect
      aria-label={label}
      placeholder={`${label}（全部）`}
      allowClear
      showSearch
      treeDefaultExpandAll
      treeNodeFilterProp="title"
      loading={isLoading}
      style={{ minWidth: 220 }}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      treeData={unitTree(data?.units ?? [])}
    />
  );
}
