import { Select } from 'antd';

/**
 * A filter over one of the domain's closed sets (rung, ledger rule, task status or kind), its
 * choices in their Chinese labels, named for screen readers; empty means all.
 */
export function LabelFilter<V extends string>({
  label,
  labels,
  value,
  onChange,
  width = 160,
}: {
  label: string;
  labels: Record<V, string>;
  value?: V;
  onChange: (value: V | undefined) => void;
  width?: number;
}) {
  return (
    <Select<V>
      aria-label={label}
      placeholder={`${label}（全部）`}
      allowClear
      showSearch
      optionFilterProp="label"
      style={{ width }}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      options={(Object.entries(labels) as [V, string][]).map(([v, l]) => ({ value: v, label: l }))}
    />
  );
}
